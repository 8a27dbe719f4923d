package dev.parapet.pss;

import dev.parapet.model.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates pods against a level and version of the Pod Security Standards, control by control, as
 * the PodSecurity admission plugin does: a control applies at its level and above from the version
 * that introduced it, with the rules of the newest version not after the one asked for, and a
 * restricted control can replace a baseline one from a given version on.
 */
public final class PssEvaluator {
  /** The controls in force for every level and version, computed once and never changed. */
  private static final Map<Level, List<List<Control>>> ACTIVE = precompute();

  private static Map<Level, List<List<Control>>> precompute() {
    Map<Level, List<List<Control>>> all = new EnumMap<>(Level.class);
    for (Level level : Level.values()) {
      List<List<Control>> perVersion = new ArrayList<>();
      for (int minor = 0; minor <= PssVersion.NEWEST.minor(); minor++) {
        perVersion.add(List.copyOf(compute(level, new PssVersion(minor))));
      }
      all.put(level, List.copyOf(perVersion));
    }
    return java.util.Collections.unmodifiableMap(all);
  }

  private PssEvaluator() {}

  /** The outcome for one pod. */
  public record Result(Level level, PssVersion version, List<Violation> violations) {
    public Result {
      violations = List.copyOf(violations);
    }

    public boolean allowed() {
      return violations.isEmpty();
    }
  }

  /**
   * The controls that look for problems at a level and version when scanning: every control of the
   * level and below that exists at the version, without the admission plugin's replacements. A
   * replacing restricted control declares the baseline one in its {@code overlaps}, so a field both
   * report is shown once, with the higher severity (a hostPath volume stays a high baseline finding
   * under the restricted level).
   */
  public static List<Control> applicable(Level level, PssVersion version) {
    List<Control> out = new ArrayList<>();
    for (Control c : PssChecks.CONTROLS) {
      if (level.compareTo(Level.PRIVILEGED) > 0
          && c.level().compareTo(level) <= 0
          && version.atLeast(c.since())) {
        out.add(c);
      }
    }
    return out;
  }

  /** The controls in force at a level and version, as the admission plugin evaluates them. */
  public static List<Control> active(Level level, PssVersion version) {
    return ACTIVE.get(level).get(Math.min(version.minor(), PssVersion.NEWEST.minor()));
  }

  private static List<Control> compute(Level level, PssVersion version) {
    List<Control> candidates = new ArrayList<>();
    for (Control c : PssChecks.CONTROLS) {
      if (level.compareTo(Level.PRIVILEGED) > 0
          && c.level().compareTo(level) <= 0
          && version.atLeast(c.since())) {
        candidates.add(c);
      }
    }
    Set<String> overridden = new HashSet<>();
    candidates.forEach(c -> overridden.addAll(c.overrides(version)));
    candidates.removeIf(c -> overridden.contains(c.controlId()));
    return candidates;
  }

  public static Result evaluate(Workload pod, Level level, PssVersion version) {
    List<Violation> out = new ArrayList<>();
    for (Control c : active(level, version)) {
      c.evaluate(pod, version, out);
    }
    return new Result(level, version, out);
  }

  /** The most restrictive level that admits the pod at {@code version}. */
  public static Level highestAdmitted(Workload pod, PssVersion version) {
    if (evaluate(pod, Level.RESTRICTED, version).allowed()) {
      return Level.RESTRICTED;
    }
    return evaluate(pod, Level.BASELINE, version).allowed() ? Level.BASELINE : Level.PRIVILEGED;
  }
}
