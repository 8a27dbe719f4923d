package dev.parapet.bench;

import java.util.List;

/**
 * The test of a benchmark entry (its criterion): conditions combined with {@code all} (and) and
 * {@code any} (or), nested as deep as the definition needs.
 */
public sealed interface Criterion {
  /** Every part must hold. */
  record All(List<Criterion> parts) implements Criterion {
    public All {
      parts = List.copyOf(parts);
    }
  }

  /** Some part must hold. */
  record Any(List<Criterion> parts) implements Criterion {
    public Any {
      parts = List.copyOf(parts);
    }
  }

  /** What a condition reads. */
  enum Subject {
    /** A command-line flag, named without dashes; unset, it is judged by its default. */
    FLAG("flag"),
    /** A value parapet derives from several flags; only {@code admission-plugins} so far. */
    SETTING("setting"),
    /** A feature gate in {@code --feature-gates}, judged by its default when not named there. */
    GATE("gate"),
    /**
     * A file on the node (sections 1.1 and 4.1), judged with {@code --root}: its mode or owner. The
     * name is a path, or several paths of which every one that exists is judged ({@code files}).
     */
    FILE("file"),
    /**
     * A fact of a configuration file a flag names ({@code encryption-provider-config}, {@code
     * audit-policy-file}, {@code admission-control-config-file}) or of CoreDNS's {@code Corefile}.
     */
    CONFIG("config");

    private final String yaml;

    Subject(String yaml) {
      this.yaml = yaml;
    }

    public String yaml() {
      return yaml;
    }
  }

  /**
   * One comparison.
   *
   * @param name the flag without dashes, the derived setting, the gate, the path or the flag naming
   *     the configuration file
   * @param value the operand, empty for {@code present} and {@code absent}
   * @param paths for a file: the path and its alternatives, each judged when it exists
   * @param glob for a file: judge the directory and everything under it whose name matches, like
   *     {@code find DIR -name GLOB}
   * @param pathFlag for a file: the flag of the check's component that names the path, when set
   *     ({@code data-dir}); else the written path applies
   * @param fact for a configuration file: the fact tested ({@code secrets.encrypted})
   */
  record Condition(
      Subject subject,
      String name,
      Op op,
      String value,
      List<String> paths,
      java.util.Optional<String> glob,
      java.util.Optional<String> pathFlag,
      java.util.Optional<String> fact)
      implements Criterion {
    public Condition {
      paths = List.copyOf(paths);
    }

    public Condition(Subject subject, String name, Op op, String value) {
      this(
          subject,
          name,
          op,
          value,
          List.of(name),
          java.util.Optional.empty(),
          java.util.Optional.empty(),
          java.util.Optional.empty());
    }
  }
}
