/**
 * Kubernetes' reports of the containers it saw end: {@code kubectl describe pod}, {@code kubectl get pod -o
 * json|yaml}, events ({@code kubectl get events} tables and documents, the Events section of {@code kubectl
 * describe}: {@code OOMKilling}, {@code SystemOOM}, {@code Evicted}, {@code Killing}) and the kubelet's own log
 * lines.
 */
@NullMarked
package dev.whokilled.parsers.kubernetes;

import org.jspecify.annotations.NullMarked;
