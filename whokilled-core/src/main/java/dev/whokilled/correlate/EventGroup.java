package dev.whokilled.correlate;

public final class EventGroup {}
