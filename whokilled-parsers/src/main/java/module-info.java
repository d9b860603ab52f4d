/**
 * The built-in parsers of whokilled. They are reached only through the SPI: {@code ServiceLoader} finds them
 * on the module path (by {@code provides}) and on the class path (by {@code META-INF/services}).
 */
module dev.whokilled.parsers {
  requires dev.whokilled.core;
  requires org.slf4j;
  requires static org.jspecify;

  provides dev.whokilled.spi.KillParserProvider with
      dev.whokilled.parsers.oom.KernelOomProvider,
      dev.whokilled.parsers.crash.KernelCrashProvider,
      dev.whokilled.parsers.crash.CoredumpProvider,
      dev.whokilled.parsers.strace.StraceProvider,
      dev.whokilled.parsers.trace.SystemtapProvider,
      dev.whokilled.parsers.trace.BccProvider,
      dev.whokilled.parsers.trace.LastcommProvider,
      dev.whokilled.parsers.suspect.LastProvider,
      dev.whokilled.parsers.suspect.CronProvider,
      dev.whokilled.parsers.suspect.HistoryProvider,
      dev.whokilled.parsers.audit.AuditProvider,
      dev.whokilled.parsers.systemd.SystemdProvider,
      dev.whokilled.parsers.systemd.SupervisorsProvider,
      dev.whokilled.parsers.useroom.EarlyoomProvider,
      dev.whokilled.parsers.useroom.SystemdOomdProvider,
      dev.whokilled.parsers.useroom.OomdProvider,
      dev.whokilled.parsers.apps.ShellProvider,
      dev.whokilled.parsers.apps.AppsProvider,
      dev.whokilled.parsers.apps.JvmProvider,
      dev.whokilled.parsers.docker.DockerProvider,
      dev.whokilled.parsers.docker.ContainerdProvider,
      dev.whokilled.parsers.kubernetes.KubernetesProvider;
}
