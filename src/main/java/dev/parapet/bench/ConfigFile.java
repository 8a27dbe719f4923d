package dev.parapet.bench;

import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.Limits;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.Problem;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import dev.parapet.source.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A component configuration file (KubeletConfiguration, EncryptionConfiguration, audit Policy,
 * AdmissionConfiguration) read through the project's YAML layer, so that every value keeps its file
 * and line. These files have no {@code metadata.name}, so the inventory does not keep them; they
 * are wrapped here in a {@link K8sObject} with an empty name only to locate their nodes.
 */
public record ConfigFile(String file, K8sObject object) {
  /** Largest configuration file read: real ones are a few kilobytes. */
  public static final int MAX_BYTES = 4 << 20;

  private static final Limits LIMITS = new Limits(MAX_BYTES, MAX_BYTES, 64, 10_000);

  /** A file read, or not, with what was wrong with it. */
  public record Read(Optional<ConfigFile> config, List<Problem> problems) {
    public Read {
      problems = List.copyOf(problems);
    }
  }

  public MapNode root() {
    return object.root();
  }

  public String apiVersion() {
    return object.apiVersion();
  }

  public String kind() {
    return object.kind();
  }

  public Location locationOf(Node node) {
    return object.locationOf(node);
  }

  /** Wraps an object the inventory already holds (a ConfigMap's data, a typed object). */
  public static ConfigFile of(K8sObject object) {
    return new ConfigFile(object.file(), object);
  }

  /**
   * Reads the first document of {@code bytes} and checks that it is of {@code kind} in one of the
   * {@code apiVersions}; anything else is an error naming the file and line.
   */
  public static Read read(String file, byte[] bytes, String kind, Set<String> apiVersions) {
    List<Problem> problems = new ArrayList<>();
    if (bytes.length > MAX_BYTES) {
      problems.add(
          Problem.error(
              file,
              0,
              0,
              "cannot read "
                  + kind
                  + ": file is "
                  + bytes.length
                  + " bytes, more than the limit of "
                  + MAX_BYTES));
      return new Read(Optional.empty(), problems);
    }
    ParsedFile parsed = new YamlReader(LIMITS).read(file, bytes);
    problems.addAll(parsed.problems());
    if (parsed.documents().isEmpty() || parsed.documents().get(0).root() == null) {
      if (problems.isEmpty()) {
        problems.add(Problem.error(file, 0, 0, "cannot read " + kind + ": the file is empty"));
      }
      return new Read(Optional.empty(), problems);
    }
    var doc = parsed.documents().get(0);
    if (!(doc.root() instanceof MapNode root)) {
      problems.add(
          Problem.error(
              file,
              doc.root().line(),
              doc.root().column(),
              "cannot read " + kind + ": expected a mapping"));
      return new Read(Optional.empty(), problems);
    }
    String actualKind = root.string("kind").orElse("");
    String apiVersion = root.string("apiVersion").orElse("");
    if (!actualKind.equals(kind) || !apiVersions.contains(apiVersion)) {
      problems.add(
          Problem.error(
              file,
              root.line(),
              root.column(),
              "cannot read "
                  + kind
                  + ": found kind '"
                  + actualKind
                  + "' apiVersion '"
                  + apiVersion
                  + "', expected kind "
                  + kind
                  + " with apiVersion "
                  + String.join(" or ", apiVersions.stream().sorted().toList())));
      return new Read(Optional.empty(), problems);
    }
    K8sObject object = new K8sObject(apiVersion, kind, "", "", root, file, doc.index(), null);
    return new Read(Optional.of(new ConfigFile(file, object)), problems);
  }

  /** The node at a dotted path of map keys ({@code authentication.anonymous.enabled}). */
  public Optional<Node> at(String dottedPath) {
    Node n = root();
    for (String key : dottedPath.split("\\.")) {
      if (!(n instanceof MapNode m)) {
        return Optional.empty();
      }
      Optional<Node> next = m.get(key);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      n = next.get();
    }
    return Optional.of(n);
  }

  /**
   * A value as a component would read it, as text: a boolean as {@code true}/{@code false} (YAML
   * 1.1 {@code yes} included, as sigs.k8s.io/yaml reads it), a sequence of scalars joined with
   * commas (as a comma-list flag would be written), null or a map as empty.
   */
  static Optional<String> text(Node n) {
    if (n instanceof ScalarNode s) {
      if (s.isNull()) {
        return Optional.empty();
      }
      return Optional.of(s.asBoolean().map(String::valueOf).orElse(s.value()));
    }
    if (n instanceof SeqNode seq) {
      List<String> parts = new ArrayList<>();
      for (Node item : seq.items()) {
        if (item instanceof ScalarNode s && !s.isNull()) {
          parts.add(s.value());
        }
      }
      return Optional.of(String.join(",", parts));
    }
    return Optional.empty();
  }

  static Problem warning(ConfigFile c, Node n, String message) {
    return Problem.warning(c.file(), n.line(), n.column(), message);
  }
}
