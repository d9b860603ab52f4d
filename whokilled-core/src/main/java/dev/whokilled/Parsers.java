package dev.whokilled;

import dev.whokilled.framing.Framing;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chosen, configured set of parsers: an immutable value, shared freely across threads.
 *
 * <p>Start from {@link #builtIns()} (every provider {@link ServiceLoader} finds) or {@link #none()}, then narrow
 * and configure:
 *
 * <pre>{@code
 * Parsers onlyOom = Parsers.builtIns().only(ParserFamily.KERNEL_OOM);
 * Parsers allButStrace = Parsers.builtIns().except("whokilled-strace");
 * Parsers kernLog2017 = Parsers.builtIns().withFraming("whokilled-kernel-oom",
 *     Framing.of(Format.SYSLOG).withYear(2017).withZone(ZoneOffset.UTC));
 * }</pre>
 *
 * @since 0.1
 */
public final class Parsers {

  private static final Logger LOG = LoggerFactory.getLogger(Parsers.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> REPORTED_FAILURES = Collections.synchronizedSet(new HashSet<>());

  /**
   * One provider with its options and, when it has its own, its framing.
   *
   * @param provider the provider
   * @param options options handed to its parsers
   * @param framing the framing its records are read in, or {@code null} for the analyzer's
   * @since 0.1
   */
  public record Configured(
      KillParserProvider provider, Map<String, String> options, @Nullable Framing framing) {

    /** Copies the options. */
    public Configured {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The provider's id. */
    public String id() {
      return provider.id();
    }
  }

  private static final Parsers NONE = new Parsers(List.of());

  private final List<Configured> parsers;

  private Parsers(List<Configured> parsers) {
    this.parsers = List.copyOf(parsers);
  }

  /** No parsers. */
  public static Parsers none() {
    return NONE;
  }

  /**
   * Every provider that {@link ServiceLoader} finds with this class's loader and the thread's context loader,
   * on the module path and the class path. A provider that fails to load is logged once and skipped.
   *
   * @return the built-ins and any other registered providers
   * @throws IllegalStateException if two providers have the same id
   */
  public static Parsers builtIns() {
    Map<String, KillParserProvider> found = new LinkedHashMap<>();
    load(ServiceLoader.load(KillParserProvider.class, Parsers.class.getClassLoader()), found);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != Parsers.class.getClassLoader()) {
      load(ServiceLoader.load(KillParserProvider.class, context), found);
    }
    Module module = Parsers.class.getModule();
    if (module.isNamed() && module.getLayer() != null) {
      load(ServiceLoader.load(module.getLayer(), KillParserProvider.class), found);
    }
    Parsers result = NONE;
    for (KillParserProvider p : found.values()) {
      result = result.with(p);
    }
    return result;
  }

  private static void load(ServiceLoader<KillParserProvider> loader, Map<String, KillParserProvider> found) {
    var it = loader.iterator();
    while (true) {
      KillParserProvider p;
      try {
        if (!it.hasNext()) {
          return;
        }
        p = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        if (REPORTED_FAILURES.add(String.valueOf(e.getMessage()))) {
          LOG.warn("skipping a parser provider that failed to load: {}", e.toString());
        }
        continue;
      }
      KillParserProvider earlier = found.get(p.id());
      if (earlier != null && earlier.getClass() != p.getClass()) {
        throw duplicate(p.id(), earlier, p);
      }
      found.putIfAbsent(p.id(), p);
    }
  }

  private static IllegalStateException duplicate(String id, KillParserProvider a, KillParserProvider b) {
    return new IllegalStateException(
        "duplicate parser id " + id + ": " + a.getClass().getName() + " and " + b.getClass().getName());
  }

  /**
   * These providers, in this order.
   *
   * @param providers the providers
   * @return the set
   * @throws IllegalArgumentException if a provider is null or its id is not valid
   * @throws IllegalStateException if two have the same id
   */
  public static Parsers of(KillParserProvider... providers) {
    Parsers result = NONE;
    for (KillParserProvider p : providers) {
      result = result.with(p);
    }
    return result;
  }

  /**
   * This set and one more provider.
   *
   * @param provider the provider
   * @return the new set
   * @throws IllegalArgumentException if the provider is null or its id is not lowercase letters, digits and
   *     {@code -}
   * @throws IllegalStateException if the set has a provider with that id already
   */
  public Parsers with(KillParserProvider provider) {
    if (provider == null) {
      throw new IllegalArgumentException("provider must not be null");
    }
    String id = provider.id();
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "parser id must be lowercase letters, digits and '-': " + id + " (" + provider.getClass().getName()
              + ")");
    }
    for (Configured c : parsers) {
      if (c.id().equals(id)) {
        throw duplicate(id, c.provider(), provider);
      }
    }
    List<Configured> next = new ArrayList<>(parsers);
    next.add(new Configured(provider, Map.of(), null));
    return new Parsers(next);
  }

  /**
   * Only the parsers with these ids.
   *
   * @param ids the ids
   * @return the narrowed set
   * @throws IllegalArgumentException if an id is not in this set
   */
  public Parsers only(String... ids) {
    Set<String> wanted = checkedIds(ids);
    List<Configured> next = new ArrayList<>();
    for (Configured c : parsers) {
      if (wanted.contains(c.id())) {
        next.add(c);
      }
    }
    return new Parsers(next);
  }

  /**
   * Only the parsers of these families.
   *
   * @param families the families
   * @return the narrowed set
   * @throws IllegalArgumentException if no family is given
   */
  public Parsers only(ParserFamily... families) {
    Set<ParserFamily> wanted = families(families);
    List<Configured> next = new ArrayList<>();
    for (Configured c : parsers) {
      if (wanted.contains(c.provider().family())) {
        next.add(c);
      }
    }
    return new Parsers(next);
  }

  /**
   * Every parser but those with these ids.
   *
   * @param ids the ids
   * @return the narrowed set
   * @throws IllegalArgumentException if an id is not in this set
   */
  public Parsers except(String... ids) {
    Set<String> unwanted = checkedIds(ids);
    List<Configured> next = new ArrayList<>();
    for (Configured c : parsers) {
      if (!unwanted.contains(c.id())) {
        next.add(c);
      }
    }
    return new Parsers(next);
  }

  /**
   * Every parser but those of these families.
   *
   * @param families the families
   * @return the narrowed set
   * @throws IllegalArgumentException if no family is given
   */
  public Parsers except(ParserFamily... families) {
    Set<ParserFamily> unwanted = families(families);
    List<Configured> next = new ArrayList<>();
    for (Configured c : parsers) {
      if (!unwanted.contains(c.provider().family())) {
        next.add(c);
      }
    }
    return new Parsers(next);
  }

  /**
   * The parser with this id reads its records in its own framing (the kernel log in syslog form of a given
   * year and zone, say), while the others keep the analyzer's.
   *
   * @param id the parser's id
   * @param framing its framing
   * @return the new set
   * @throws IllegalArgumentException if the id is not in this set or the framing is null
   */
  public Parsers withFraming(String id, Framing framing) {
    if (framing == null) {
      throw new IllegalArgumentException("framing must not be null");
    }
    return replace(id, c -> new Configured(c.provider(), c.options(), framing));
  }

  /**
   * Gives an option to the parser with this id (see its documentation for what it takes).
   *
   * @param id the parser's id
   * @param key the option's name
   * @param value its value
   * @return the new set
   * @throws IllegalArgumentException if the id is not in this set, or the key or value is null
   */
  public Parsers withOption(String id, String key, String value) {
    if (key == null || value == null) {
      throw new IllegalArgumentException("option key and value must not be null: " + key + "=" + value);
    }
    return replace(id, c -> {
      Map<String, String> options = new HashMap<>(c.options());
      options.put(key, value);
      return new Configured(c.provider(), options, c.framing());
    });
  }

  private Parsers replace(String id, java.util.function.UnaryOperator<Configured> change) {
    checkedIds(id);
    List<Configured> next = new ArrayList<>();
    for (Configured c : parsers) {
      next.add(c.id().equals(id) ? change.apply(c) : c);
    }
    return new Parsers(next);
  }

  private Set<String> checkedIds(String... ids) {
    if (ids == null || ids.length == 0) {
      throw new IllegalArgumentException("at least one parser id is needed");
    }
    Set<String> wanted = new HashSet<>(Arrays.asList(ids));
    for (String id : wanted) {
      if (find(id).isEmpty()) {
        throw new IllegalArgumentException("no parser with id " + id + "; known: " + ids());
      }
    }
    return wanted;
  }

  private static Set<ParserFamily> families(ParserFamily... families) {
    if (families == null || families.length == 0) {
      throw new IllegalArgumentException("at least one parser family is needed");
    }
    return EnumSet.copyOf(Arrays.asList(families));
  }

  /** The configured parsers, in order. */
  public List<Configured> configured() {
    return parsers;
  }

  /** The ids, in order. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Configured c : parsers) {
      ids.add(c.id());
    }
    return ids;
  }

  /**
   * The provider with this id.
   *
   * @param id the id
   * @return the provider, or empty
   */
  public Optional<KillParserProvider> find(String id) {
    for (Configured c : parsers) {
      if (c.id().equals(id)) {
        return Optional.of(c.provider());
      }
    }
    return Optional.empty();
  }

  /**
   * The provider with this id.
   *
   * @param id the id
   * @return the provider
   * @throws IllegalArgumentException if there is none with that id
   */
  public KillParserProvider expect(String id) {
    return find(id)
        .orElseThrow(() -> new IllegalArgumentException("no parser with id " + id + "; known: " + ids()));
  }

  /** Whether the set is empty. */
  public boolean isEmpty() {
    return parsers.isEmpty();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Parsers p && parsers.equals(p.parsers);
  }

  @Override
  public int hashCode() {
    return parsers.hashCode();
  }

  @Override
  public String toString() {
    return "Parsers" + ids();
  }
}
