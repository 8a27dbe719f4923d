package dev.parapet.bench;

import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A benchmark version read from its definition file ({@code cis-1.12.yaml} beside this class): the
 * sections and every entry with its test. A new benchmark version is a new file; see {@code
 * docs/bench.md} for the format. The file is checked as it is read, and any mistake is an error
 * naming the file, the line and the entry.
 */
public record Benchmark(
    String id,
    String title,
    KubeVersion from,
    KubeVersion to,
    List<Section> sections,
    List<BenchCheck> checks) {
  /** The benchmark files parapet ships, newest last. */
  public static final List<String> KNOWN = List.of("cis-1.12", "cis-2.0");

  /** The default benchmark. */
  public static final String LATEST = "cis-2.0";

  /**
   * The benchmark for a Kubernetes version: the newest whose range covers it, else the newest (for
   * a version newer than any benchmark) or the oldest (for one older than all).
   */
  public static Benchmark forVersion(KubeVersion v) {
    List<Benchmark> all = KNOWN.stream().map(id -> load(id).orElseThrow()).toList();
    for (int i = all.size() - 1; i >= 0; i--) {
      Benchmark b = all.get(i);
      if (b.from().compareTo(v) <= 0 && v.compareTo(b.to()) <= 0) {
        return b;
      }
    }
    return v.compareTo(all.get(0).from()) < 0 ? all.get(0) : all.get(all.size() - 1);
  }

  /**
   * The configuration files a {@code config} condition reads: named by the flag that names the
   * file, or {@code Corefile} for CoreDNS's.
   */
  public static final List<String> CONFIGS =
      List.of(
          "encryption-provider-config",
          "audit-policy-file",
          "admission-control-config-file",
          "Corefile");

  /** The targets kube-bench knows, in its order. */
  public static final List<String> TARGETS =
      List.of("master", "controlplane", "etcd", "node", "policies");

  /** A section: {@code 1.2 API server}, of one target. */
  public record Section(String id, String title, String target) {}

  public Benchmark {
    sections = List.copyOf(sections);
    checks = List.copyOf(checks);
  }

  public Optional<Section> section(String id) {
    return sections.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Reads a shipped benchmark; empty when {@code id} is not one of {@link #KNOWN}. */
  public static Optional<Benchmark> load(String id) {
    if (!KNOWN.contains(id)) {
      return Optional.empty();
    }
    String resource = id + ".yaml";
    try (InputStream in = Benchmark.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the build");
      }
      return Optional.of(parse(resource, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  /** Reads a definition file; throws {@link IllegalArgumentException} naming the mistake. */
  public static Benchmark parse(String file, byte[] bytes) {
    return new Reader(file).benchmark(parseRoot(file, bytes));
  }

  private static MapNode parseRoot(String file, byte[] bytes) {
    ParsedFile parsed = new YamlReader(Limits.DEFAULT).read(file, bytes);
    if (!parsed.problems().isEmpty()) {
      throw new IllegalArgumentException(parsed.problems().get(0).toString());
    }
    if (parsed.documents().size() != 1 || !(parsed.documents().get(0).root() instanceof MapNode)) {
      throw new IllegalArgumentException(file + ": expected one YAML document holding a map");
    }
    return (MapNode) parsed.documents().get(0).root();
  }

  /** Reads the tree; every error carries the file and line. */
  private record Reader(String file) {
    Benchmark benchmark(MapNode root) {
      if (root.get("extends").isPresent()) {
        return extension(root);
      }
      for (String key : root.keys()) {
        if (!Set.of("benchmark", "title", "kubernetes", "sections", "checks").contains(key)) {
          throw error(root, "unknown key '" + key + "'");
        }
      }
      String id = string(root, "benchmark", root);
      String title = string(root, "title", root);
      MapNode k8s = map(root, "kubernetes", root);
      KubeVersion from = version(k8s, "from");
      KubeVersion to = version(k8s, "to");
      List<Section> sections = new ArrayList<>();
      Set<String> sectionIds = new HashSet<>();
      for (Node n : seq(root, "sections", root).items()) {
        MapNode s = asMap(n, "a section");
        String target = string(s, "target", s);
        if (!TARGETS.contains(target)) {
          throw error(
              s, "unknown target '" + target + "' (expected " + String.join(", ", TARGETS) + ")");
        }
        Section section = new Section(string(s, "id", s), string(s, "title", s), target);
        if (!sectionIds.add(section.id())) {
          throw error(s, "section " + section.id() + " is defined twice");
        }
        sections.add(section);
      }
      List<BenchCheck> checks = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (Node n : seq(root, "checks", root).items()) {
        MapNode c = asMap(n, "a check");
        String checkId = string(c, "id", c);
        BenchCheck check = check(checkId, c, sections);
        if (!ids.add(checkId)) {
          throw error(c, "check " + checkId + " is defined twice");
        }
        checks.add(check);
      }
      return new Benchmark(id, title, from, to, sections, checks);
    }

    /**
     * A version that changes only a few entries of an earlier one: {@code extends} names it (one of
     * the shipped files that does not extend another), {@code overrides} lists entries by id with
     * their new {@code title}, {@code remediation} or {@code note}.
     */
    Benchmark extension(MapNode root) {
      for (String key : root.keys()) {
        if (!Set.of("benchmark", "title", "kubernetes", "extends", "overrides").contains(key)) {
          throw error(root, "unknown key '" + key + "'");
        }
      }
      String baseId = string(root, "extends", root);
      Benchmark base;
      try (InputStream in = Benchmark.class.getResourceAsStream(baseId + ".yaml")) {
        if (in == null || !KNOWN.contains(baseId)) {
          throw error(root, "extends unknown benchmark '" + baseId + "'");
        }
        MapNode baseRoot = parseRoot(baseId + ".yaml", in.readAllBytes());
        if (baseRoot.get("extends").isPresent()) {
          throw error(root, "extends " + baseId + ", which extends another: extend its base");
        }
        base = new Reader(baseId + ".yaml").benchmark(baseRoot);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      MapNode k8s = map(root, "kubernetes", root);
      Map<String, BenchCheck> checks = new java.util.LinkedHashMap<>();
      base.checks().forEach(c -> checks.put(c.id(), c));
      for (Node n : root.seq("overrides").map(SeqNode::items).orElse(List.of())) {
        MapNode o = asMap(n, "an override");
        for (String key : o.keys()) {
          if (!Set.of("id", "title", "remediation", "note").contains(key)) {
            throw error(o, "unknown key '" + key + "' in an override");
          }
        }
        String id = string(o, "id", o);
        BenchCheck c = checks.get(id);
        if (c == null) {
          throw error(o, "override of " + id + ", which " + baseId + " does not have");
        }
        checks.put(
            id,
            new BenchCheck(
                c.id(),
                o.string("title").orElse(c.title()),
                c.section(),
                c.target(),
                c.component(),
                c.scored(),
                c.test(),
                c.severity(),
                c.stride(),
                o.string("remediation").map(String::strip).orElse(c.remediation()),
                o.string("note").map(String::strip).or(c::note),
                o.line()));
      }
      return new Benchmark(
          string(root, "benchmark", root),
          string(root, "title", root),
          version(k8s, "from"),
          version(k8s, "to"),
          base.sections(),
          List.copyOf(checks.values()));
    }

    BenchCheck check(String id, MapNode c, List<Section> sections) {
      String where = "check " + id + ": ";
      for (String key : c.keys()) {
        if (!Set.of(
                "id",
                "section",
                "component",
                "title",
                "automated",
                "severity",
                "stride",
                "test",
                "remediation",
                "note")
            .contains(key)) {
          throw error(c, where + "unknown key '" + key + "'");
        }
      }
      String sectionId = string(c, "section", c);
      Section section =
          sections.stream()
              .filter(s -> s.id().equals(sectionId))
              .findFirst()
              .orElseThrow(() -> error(c, where + "section " + sectionId + " is not defined"));
      if (!id.startsWith(sectionId + ".")) {
        throw error(c, where + "id does not start with its section " + sectionId);
      }
      String componentName = string(c, "component", c);
      Component component =
          Component.ofCommand(componentName)
              .filter(x -> x.binary().equals(componentName))
              .orElseThrow(() -> error(c, where + "unknown component '" + componentName + "'"));
      Node automatedNode =
          c.get("automated").orElseThrow(() -> error(c, where + "'automated' is missing"));
      if (!(automatedNode instanceof ScalarNode a) || a.asBoolean().isEmpty()) {
        throw error(automatedNode, where + "'automated' must be true or false");
      }
      boolean scored = a.asBoolean().get();
      Severity severity;
      try {
        severity = Severity.parse(string(c, "severity", c));
      } catch (IllegalArgumentException e) {
        throw error(c, where + e.getMessage());
      }
      String strideName = string(c, "stride", c);
      Stride stride =
          java.util.Arrays.stream(Stride.values())
              .filter(
                  s ->
                      s.label().equalsIgnoreCase(strideName)
                          || s.name().equalsIgnoreCase(strideName))
              .findFirst()
              .orElseThrow(() -> error(c, where + "unknown STRIDE category '" + strideName + "'"));
      Optional<Criterion> test = c.get("test").map(t -> criterion(t, where));
      if (scored && test.isEmpty()) {
        throw error(c, where + "an automated check needs a test");
      }
      return new BenchCheck(
          id,
          string(c, "title", c),
          sectionId,
          section.target(),
          component,
          scored,
          test,
          severity,
          stride,
          string(c, "remediation", c).strip(),
          c.string("note").map(String::strip),
          c.line());
    }

    Criterion criterion(Node n, String where) {
      MapNode m = asMap(n, "a test");
      if (m.get("all").isPresent() || m.get("any").isPresent()) {
        if (m.entries() != 1) {
          throw error(m, where + "'all' or 'any' stands alone in its map");
        }
        boolean all = m.get("all").isPresent();
        SeqNode parts = seq(m, all ? "all" : "any", m);
        if (parts.length() == 0) {
          throw error(parts, where + "an empty '" + (all ? "all" : "any") + "'");
        }
        List<Criterion> list = new ArrayList<>();
        parts.items().forEach(p -> list.add(criterion(p, where)));
        return all ? new Criterion.All(list) : new Criterion.Any(list);
      }
      Criterion.Subject subject = null;
      for (Criterion.Subject s : Criterion.Subject.values()) {
        if (m.get(s.yaml()).isPresent()) {
          if (subject != null) {
            throw error(
                m,
                where + "a condition reads one thing: both " + subject.yaml() + " and " + s.yaml());
          }
          subject = s;
        }
      }
      if (subject == null) {
        throw error(
            m, where + "a condition needs one of flag, setting, gate, file or config, or all/any");
      }
      Set<String> extra =
          switch (subject) {
            case FILE -> Set.of("glob", "path-flag");
            case CONFIG -> Set.of("fact");
            default -> Set.of();
          };
      for (String key : m.keys()) {
        if (!key.equals(subject.yaml())
            && !key.equals("op")
            && !key.equals("value")
            && !extra.contains(key)) {
          throw error(m, where + "unknown key '" + key + "' in a condition");
        }
      }
      List<String> paths = new ArrayList<>();
      String name;
      if (subject == Criterion.Subject.FILE && m.get("file").get() instanceof SeqNode list) {
        for (Node item : list.items()) {
          if (!(item instanceof ScalarNode sc) || sc.isNull() || sc.value().isBlank()) {
            throw error(item, where + "a file list holds paths");
          }
          paths.add(sc.value());
        }
        if (paths.isEmpty()) {
          throw error(list, where + "an empty file list");
        }
        name = paths.get(0);
      } else {
        name = string(m, subject.yaml(), m);
        paths.add(name);
      }
      if (subject == Criterion.Subject.FILE) {
        for (String path : paths) {
          if (!path.startsWith("/")) {
            throw error(m, where + "a file path is absolute, not '" + path + "'");
          }
        }
      }
      if (subject == Criterion.Subject.CONFIG && !CONFIGS.contains(name)) {
        throw error(
            m,
            where + "unknown config '" + name + "' (expected " + String.join(", ", CONFIGS) + ")");
      }
      Optional<String> fact = m.string("fact");
      if (subject == Criterion.Subject.CONFIG && fact.isEmpty()) {
        throw error(m, where + "a config condition names its fact");
      }
      String opName = string(m, "op", m);
      Op op =
          Op.parse(opName)
              .orElseThrow(
                  () ->
                      error(
                          m, where + "unknown op '" + opName + "' (expected " + Op.names() + ")"));
      if (subject == Criterion.Subject.SETTING && !name.equals("admission-plugins")) {
        throw error(m, where + "unknown setting '" + name + "' (expected admission-plugins)");
      }
      if (subject == Criterion.Subject.SETTING && op != Op.HAS && op != Op.NOTHAS) {
        throw error(m, where + "admission-plugins takes has or nothas, not " + opName);
      }
      if (subject == Criterion.Subject.GATE && op != Op.EQ && op != Op.NOTEQ) {
        throw error(m, where + "a feature gate takes eq or noteq, not " + opName);
      }
      boolean fileOp = op == Op.MODE_AT_MOST || op == Op.OWNER;
      if (fileOp != (subject == Criterion.Subject.FILE) && op != Op.PRESENT && op != Op.ABSENT) {
        throw error(
            m,
            where + "op " + opName + (fileOp ? " is for files only" : " does not apply to a file"));
      }
      String value = m.string("value").orElse("");
      if (op.needsValue() && value.isEmpty()) {
        throw error(m, where + "op " + opName + " needs a value");
      }
      if (!op.needsValue() && m.get("value").isPresent()) {
        throw error(m, where + "op " + opName + " takes no value");
      }
      switch (op) {
        case GTE, LTE -> {
          try {
            Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw error(m, where + "op " + opName + " needs an integer, not '" + value + "'");
          }
        }
        case REGEX -> {
          try {
            Pattern.compile(value);
          } catch (PatternSyntaxException e) {
            throw error(m, where + "bad regex '" + value + "': " + e.getDescription());
          }
        }
        case MODE_AT_MOST -> {
          if (!value.matches("[0-7]{3,4}")) {
            throw error(
                m, where + "mode-at-most needs an octal mode such as 600, not '" + value + "'");
          }
        }
        case OWNER -> {
          if (!value.matches("[^:\\s]+:[^:\\s]+")) {
            throw error(m, where + "owner needs user:group, not '" + value + "'");
          }
        }
        default -> {}
      }
      return new Criterion.Condition(
          subject, name, op, value, paths, m.string("glob"), m.string("path-flag"), fact);
    }

    KubeVersion version(MapNode m, String key) {
      String v = string(m, key, m);
      return KubeVersion.parse(v)
          .orElseThrow(() -> error(m, "'" + key + "' is not a version: " + v));
    }

    String string(MapNode m, String key, Node at) {
      Node v = m.get(key).orElseThrow(() -> error(at, "'" + key + "' is missing"));
      if (!(v instanceof ScalarNode s) || s.isNull() || s.value().isBlank()) {
        throw error(v, "'" + key + "' must be a non-empty string");
      }
      return s.value();
    }

    MapNode map(MapNode m, String key, Node at) {
      return asMap(
          m.get(key).orElseThrow(() -> error(at, "'" + key + "' is missing")), "'" + key + "'");
    }

    SeqNode seq(MapNode m, String key, Node at) {
      Node v = m.get(key).orElseThrow(() -> error(at, "'" + key + "' is missing"));
      if (!(v instanceof SeqNode s)) {
        throw error(v, "'" + key + "' must be a list");
      }
      return s;
    }

    MapNode asMap(Node n, String what) {
      if (!(n instanceof MapNode m)) {
        throw error(n, what + " must be a map");
      }
      return m;
    }

    IllegalArgumentException error(Node at, String message) {
      return new IllegalArgumentException(file + ":" + at.line() + ": " + message);
    }
  }
}
