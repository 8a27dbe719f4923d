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
    /** A file on the node (sections 1.1 and 4.1; judged with {@code --root}, not yet). */
    FILE("file");

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
   * @param name the flag without dashes, the derived setting, the gate or the path
   * @param value the operand, empty for {@code present} and {@code absent}
   */
  record Condition(Subject subject, String name, Op op, String value) implements Criterion {}
}
