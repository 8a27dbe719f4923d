package dev.parapet.bench;

import dev.parapet.source.Limits;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The upstream defaults of the flags the benchmark reads, per component and Kubernetes version,
 * read from {@code defaults.yaml} beside this class; also which flags are booleans (never take the
 * next word) and which are lists (every occurrence adds).
 */
public final class Defaults {
  private static final String RESOURCE = "defaults.yaml";

  /** A default and the versions it holds for. */
  public record Value(
      KubeVersion from,
      Optional<KubeVersion> to,
      String value,
      Optional<String> unless,
      String source) {
    boolean holdsFor(KubeVersion v) {
      return v.compareTo(from) >= 0 && to.map(t -> v.compareTo(t) <= 0).orElse(true);
    }
  }

  private record Ranged(KubeVersion from, Optional<KubeVersion> to, List<String> plugins) {}

  private record PerComponent(
      Set<String> booleans,
      Set<String> lists,
      Map<String, List<Value>> flags,
      Map<String, List<Value>> gates,
      List<Ranged> admissionOn) {}

  private final Map<Component, PerComponent> components;

  private Defaults(Map<Component, PerComponent> components) {
    this.components = Map.copyOf(components);
  }

  private static final class Holder {
    static final Defaults INSTANCE = read();
  }

  /** The shipped defaults, read once. */
  public static Defaults shipped() {
    return Holder.INSTANCE;
  }

  private Optional<PerComponent> of(Component c) {
    return Optional.ofNullable(components.get(c));
  }

  /** The default of a flag for a version, if upstream states one for it. */
  public Optional<Value> flag(Component c, String name, KubeVersion v) {
    return of(c).flatMap(p -> pick(p.flags().get(name), v));
  }

  /** The default of a feature gate for a version. */
  public Optional<Value> gate(Component c, String name, KubeVersion v) {
    return of(c).flatMap(p -> pick(p.gates().get(name), v));
  }

  /** The admission plugins on by default for a version; empty when the version is not covered. */
  public Optional<Set<String>> admissionPluginsOn(KubeVersion v) {
    return of(Component.APISERVER)
        .flatMap(
            p ->
                p.admissionOn().stream()
                    .filter(
                        r ->
                            v.compareTo(r.from()) >= 0
                                && r.to().map(t -> v.compareTo(t) <= 0).orElse(true))
                    .findFirst())
        .map(r -> Set.copyOf(r.plugins()));
  }

  public boolean isBoolean(Component c, String flag) {
    return of(c).map(p -> p.booleans().contains(flag)).orElse(false);
  }

  /** A flag known to take a value: it has a default here and is not a boolean. */
  public boolean isKnownValueFlag(Component c, String flag) {
    return of(c)
        .map(p -> p.flags().containsKey(flag) && !p.booleans().contains(flag))
        .orElse(false);
  }

  public boolean isList(Component c, String flag) {
    return of(c).map(p -> p.lists().contains(flag)).orElse(false);
  }

  /** Every flag with a default, per component, for the docs and tests. */
  public Map<Component, Set<String>> flagsWithDefaults() {
    Map<Component, Set<String>> out = new EnumMap<>(Component.class);
    components.forEach((c, p) -> out.put(c, new TreeSet<>(p.flags().keySet())));
    return out;
  }

  private static Optional<Value> pick(List<Value> values, KubeVersion v) {
    if (values == null) {
      return Optional.empty();
    }
    return values.stream().filter(x -> x.holdsFor(v)).findFirst();
  }

  static Defaults read() {
    try (InputStream in = Defaults.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
      }
      return parse(RESOURCE, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }

  /** Reads a defaults file; throws {@link IllegalArgumentException} naming file and line. */
  static Defaults parse(String file, byte[] bytes) {
    ParsedFile parsed = new YamlReader(Limits.DEFAULT).read(file, bytes);
    if (!parsed.problems().isEmpty()) {
      throw new IllegalArgumentException(parsed.problems().get(0).toString());
    }
    if (parsed.documents().size() != 1 || !(parsed.documents().get(0).root() instanceof MapNode)) {
      throw new IllegalArgumentException(file + ": expected one YAML document holding a map");
    }
    MapNode root = (MapNode) parsed.documents().get(0).root();
    Map<Component, PerComponent> out = new EnumMap<>(Component.class);
    for (int i = 0; i < root.entries(); i++) {
      String name = root.key(i);
      Component c =
          Component.ofCommand(name)
              .filter(x -> x.binary().equals(name))
              .orElseThrow(
                  () -> new IllegalArgumentException(file + ": unknown component " + name));
      MapNode m = map(file, root.value(i));
      for (String key : m.keys()) {
        if (!Set.of("booleans", "lists", "flags", "feature-gates", "admission-plugins-on")
            .contains(key)) {
          throw error(file, m, "unknown key '" + key + "' under " + name);
        }
      }
      List<Ranged> admission = new ArrayList<>();
      for (Node n : m.seq("admission-plugins-on").map(SeqNode::items).orElse(List.of())) {
        MapNode r = map(file, n);
        SeqNode plugins =
            r.seq("value")
                .orElseThrow(() -> error(file, r, "admission-plugins-on needs a value list"));
        admission.add(
            new Ranged(
                version(file, r, "from").orElseThrow(() -> error(file, r, "'from' is missing")),
                version(file, r, "to"),
                strings(file, plugins)));
      }
      out.put(
          c,
          new PerComponent(
              Set.copyOf(m.seq("booleans").map(s -> strings(file, s)).orElse(List.of())),
              Set.copyOf(m.seq("lists").map(s -> strings(file, s)).orElse(List.of())),
              values(file, m.map("flags")),
              values(file, m.map("feature-gates")),
              admission));
    }
    return new Defaults(out);
  }

  private static Map<String, List<Value>> values(String file, Optional<MapNode> node) {
    Map<String, List<Value>> out = new TreeMap<>();
    if (node.isEmpty()) {
      return out;
    }
    MapNode m = node.get();
    for (int i = 0; i < m.entries(); i++) {
      Node v = m.value(i);
      if (!(v instanceof SeqNode s)) {
        throw error(file, v, m.key(i) + " must be a list of values with versions");
      }
      List<Value> list = new ArrayList<>();
      for (Node item : s.items()) {
        MapNode e = map(file, item);
        list.add(
            new Value(
                version(file, e, "from").orElseThrow(() -> error(file, e, "'from' is missing")),
                version(file, e, "to"),
                e.scalar("value")
                    .map(ScalarNode::value)
                    .orElseThrow(() -> error(file, e, "'value' is missing")),
                e.string("unless"),
                e.string("source").orElseThrow(() -> error(file, e, "'source' is missing"))));
      }
      out.put(m.key(i), List.copyOf(list));
    }
    return out;
  }

  private static Optional<KubeVersion> version(String file, MapNode m, String key) {
    return m.string(key)
        .map(
            s ->
                KubeVersion.parse(s)
                    .orElseThrow(() -> error(file, m, "'" + key + "' is not a version: " + s)));
  }

  private static List<String> strings(String file, SeqNode s) {
    List<String> out = new ArrayList<>();
    for (Node n : s.items()) {
      if (!(n instanceof ScalarNode sc)) {
        throw error(file, n, "expected a string");
      }
      out.add(sc.value());
    }
    return out;
  }

  private static MapNode map(String file, Node n) {
    if (!(n instanceof MapNode m)) {
      throw error(file, n, "expected a map");
    }
    return m;
  }

  private static IllegalArgumentException error(String file, Node at, String message) {
    return new IllegalArgumentException(file + ":" + at.line() + ": " + message);
  }
}
