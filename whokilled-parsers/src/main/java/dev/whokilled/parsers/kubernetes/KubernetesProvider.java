package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of Kubernetes' reports of containers that ended: {@code kubectl describe pod},
 * {@code kubectl get pod -o json|yaml}, events ({@code OOMKilling}, {@code SystemOOM}, {@code Evicted},
 * {@code Killing}) in tables and documents, and the kubelet's log lines.
 */
public final class KubernetesProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-kubernetes";

  /** Creates the provider (for {@code ServiceLoader}). */
  public KubernetesProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.CONTAINER;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.CONTAINER);
  }

  @Override
  public String description() {
    return "Kubernetes: kubectl describe pod, kubectl get pod/events -o json|yaml, event tables, kubelet logs";
  }

  @Override
  public Prefilter prefilter() {
    // bare text (kubectl's output) is read whole; framed lines only for the kubelet's words
    return Prefilter.containing("Event occurred", "ObjectReference{", " - event for ", "Killing container", "victed",
        "Created an OOM event").orFrom(Origin.UNKNOWN);
  }

  @Override
  public KillParser create(ParserContext context) {
    return new KubernetesParser(context.maxBlockLines());
  }
}
