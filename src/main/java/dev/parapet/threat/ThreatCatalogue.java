package dev.parapet.threat;

import dev.parapet.bench.BenchCheck;
import dev.parapet.bench.Benchmark;
import dev.parapet.check.Check;
import dev.parapet.check.Stride;
import dev.parapet.graph.Techniques;
import dev.parapet.scan.BuiltinChecks;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The STRIDE threat catalogue, read from {@code threats.yaml} beside this class. Validated when
 * read: every deciding check id must be a check of {@code parapet checks}, every technique a label
 * of the attack graph's catalogue, every {@code bench:} entry an entry of the newest benchmark, and
 * every need a {@link Need}; an error names the file and line.
 */
public final class ThreatCatalogue {
  /** The names of the STRIDE categories in the catalogue, as in parapet's JSON. */
  static final Map<String, Stride> STRIDE =
      Map.of(
          "spoofing", Stride.SPOOFING,
          "tampering", Stride.TAMPERING,
          "repudiation", Stride.REPUDIATION,
          "information-disclosure", Stride.INFORMATION_DISCLOSURE,
          "denial-of-service", Stride.DENIAL_OF_SERVICE,
          "elevation-of-privilege", Stride.ELEVATION_OF_PRIVILEGE);

  /** The components threats belong to, in the order the model lists them. */
  public static final List<String> COMPONENTS =
      List.of(
          "kube-apiserver",
          "etcd",
          "kubelet",
          "kube-scheduler",
          "kube-controller-manager",
          "coredns",
          "workloads",
          "images");

  private static final String FILE = "threats.yaml";
  private static final ThreatCatalogue SHIPPED = load();

  private final List<Threat> threats;

  private ThreatCatalogue(List<Threat> threats) {
    this.threats = List.copyOf(threats);
  }

  /** The shipped catalogue. */
  public static ThreatCatalogue shipped() {
    return SHIPPED;
  }

  /** Every threat, in catalogue order. */
  public List<Threat> threats() {
    return threats;
  }

  public Optional<Threat> get(String id) {
    return threats.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  private static ThreatCatalogue load() {
    try (InputStream in = ThreatCatalogue.class.getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(FILE + " is missing from the build");
      }
      return parse(FILE, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads and validates a catalogue against the shipped checks, techniques and benchmark; throws
   * {@link IllegalArgumentException} naming the file and line.
   */
  public static ThreatCatalogue parse(String file, byte[] bytes) {
    Set<String> checks =
        BuiltinChecks.ALL.stream().map(Check::meta).map(m -> m.id()).collect(Collectors.toSet());
    Set<String> techniques =
        Techniques.shipped().all().stream()
            .map(dev.parapet.graph.Technique::label)
            .collect(Collectors.toSet());
    Set<String> entries =
        Benchmark.load(Benchmark.LATEST).orElseThrow().checks().stream()
            .map(BenchCheck::id)
            .collect(Collectors.toSet());
    return parse(file, bytes, checks, techniques, entries);
  }

  static ThreatCatalogue parse(
      String file, byte[] bytes, Set<String> checks, Set<String> techniques, Set<String> entries) {
    ParsedFile parsed = new YamlReader(Limits.DEFAULT).read(file, bytes);
    if (!parsed.problems().isEmpty()) {
      throw new IllegalArgumentException(parsed.problems().get(0).toString());
    }
    if (parsed.documents().size() != 1
        || !(parsed.documents().get(0).root() instanceof MapNode root)
        || root.seq("threats").isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a map with a 'threats' list");
    }
    Set<String> keys =
        Set.of(
            "id",
            "component",
            "stride",
            "title",
            "description",
            "decidedBy",
            "needs",
            "mitigations");
    Map<String, Threat> out = new LinkedHashMap<>();
    for (Node n : root.seq("threats").map(SeqNode::items).orElse(List.of())) {
      if (!(n instanceof MapNode m)) {
        throw new IllegalArgumentException(file + ":" + n.line() + ": a threat is a map");
      }
      for (int i = 0; i < m.entries(); i++) {
        if (!keys.contains(m.key(i))) {
          throw new IllegalArgumentException(
              file + ":" + m.keyLine(i) + ": unknown key '" + m.key(i) + "'");
        }
      }
      String id = text(file, m, "id");
      if (!id.matches("T-[A-Z]+-[STRIDE]-[0-9]+")) {
        throw at(file, m, "id", "id '" + id + "' is not T-COMPONENT-S|T|R|I|D|E-N");
      }
      String component = text(file, m, "component");
      if (!COMPONENTS.contains(component)) {
        throw at(file, m, "component", "unknown component '" + component + "'");
      }
      String strideName = text(file, m, "stride");
      Stride stride = STRIDE.get(strideName);
      if (stride == null) {
        throw at(file, m, "stride", "unknown STRIDE category '" + strideName + "'");
      }
      if (id.charAt(id.lastIndexOf('-') - 1) != stride.label().charAt(0)) {
        throw at(file, m, "id", id + ": its letter does not match stride " + strideName);
      }
      List<String> checkIds = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      List<String> bench = new ArrayList<>();
      for (ScalarNode s : list(file, m, "decidedBy")) {
        String v = s.value();
        String where = file + ":" + s.line() + ": ";
        if (v.startsWith("bench:")) {
          String entry = v.substring("bench:".length());
          if (!entries.contains(entry)) {
            throw new IllegalArgumentException(
                where + "unknown benchmark entry '" + entry + "' in " + id);
          }
          bench.add(entry);
        } else if (v.matches("[A-Z][A-Z0-9_]*") && !v.contains("-")) {
          if (!techniques.contains(v)) {
            throw new IllegalArgumentException(where + "unknown technique '" + v + "' in " + id);
          }
          labels.add(v);
        } else {
          if (!checks.contains(v)) {
            throw new IllegalArgumentException(where + "unknown check id '" + v + "' in " + id);
          }
          checkIds.add(v);
        }
      }
      if (checkIds.isEmpty() && labels.isEmpty() && bench.isEmpty()) {
        throw at(file, m, "decidedBy", id + " is decided by nothing");
      }
      List<Need> needs = new ArrayList<>();
      for (ScalarNode s : list(file, m, "needs")) {
        needs.add(
            Need.of(s.value().toLowerCase(Locale.ROOT))
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            file + ":" + s.line() + ": unknown need '" + s.value() + "'")));
      }
      List<String> mitigations = list(file, m, "mitigations").stream().map(s -> s.value()).toList();
      if (mitigations.isEmpty()) {
        throw at(file, m, "mitigations", id + " has no mitigation");
      }
      Threat t =
          new Threat(
              id,
              component,
              stride,
              text(file, m, "title"),
              text(file, m, "description").strip(),
              checkIds,
              labels,
              bench,
              needs,
              mitigations,
              m.line());
      if (out.put(id, t) != null) {
        throw new IllegalArgumentException(file + ":" + m.line() + ": " + id + " twice");
      }
    }
    return new ThreatCatalogue(new ArrayList<>(out.values()));
  }

  private static IllegalArgumentException at(String file, MapNode m, String key, String message) {
    int i = m.indexOf(key);
    return new IllegalArgumentException(
        file + ":" + (i >= 0 ? m.keyLine(i) : m.line()) + ": " + message);
  }

  private static List<ScalarNode> list(String file, MapNode m, String key) {
    Optional<SeqNode> seq = m.seq(key);
    if (seq.isEmpty()) {
      throw at(file, m, key, "'" + key + "' must be a list");
    }
    List<ScalarNode> out = new ArrayList<>();
    for (Node n : seq.get().items()) {
      if (!(n instanceof ScalarNode s) || s.value().isBlank()) {
        throw new IllegalArgumentException(
            file + ":" + n.line() + ": '" + key + "' holds plain values");
      }
      out.add(s);
    }
    return out;
  }

  private static String text(String file, MapNode m, String key) {
    return m.string(key)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> at(file, m, key, "'" + key + "' missing"));
  }
}
