/*
 * A process with known settings, for the live tests of whokilled-procfs and of the whokilled command:
 *
 *   actor OOM_SCORE_ADJ CAUGHT IGNORED BLOCKED
 *
 * writes OOM_SCORE_ADJ to /proc/self/oom_score_adj, handles signal CAUGHT (the handler restores the default
 * action and raises the signal again, as servers that clean up and exit do), ignores signal IGNORED, blocks signal
 * BLOCKED (a signal number of 0 leaves that out), prints its pid and waits. Its RLIMIT_CORE is what the shell that
 * starts it set (ulimit -c). The tests compare what whokilled reads of it with what the kernel shows in /proc.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void reraise(int sig) {
  signal(sig, SIG_DFL);
  raise(sig);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: actor OOM_SCORE_ADJ CAUGHT IGNORED BLOCKED\n");
    return 2;
  }
  FILE *adj = fopen("/proc/self/oom_score_adj", "w");
  if (adj == NULL || fprintf(adj, "%s\n", argv[1]) < 0 || fclose(adj) != 0) {
    perror("oom_score_adj");
    return 1;
  }
  int caught = atoi(argv[2]), ignored = atoi(argv[3]), blocked = atoi(argv[4]);
  if (caught != 0) {
    struct sigaction sa = {0};
    sa.sa_handler = reraise;
    sigemptyset(&sa.sa_mask);
    if (sigaction(caught, &sa, NULL) != 0) {
      perror("sigaction");
      return 1;
    }
  }
  if (ignored != 0 && signal(ignored, SIG_IGN) == SIG_ERR) {
    perror("signal");
    return 1;
  }
  if (blocked != 0) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, blocked);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
      perror("sigprocmask");
      return 1;
    }
  }
  printf("%d\n", (int) getpid());
  fflush(stdout);
  for (;;) {
    pause();
  }
}
