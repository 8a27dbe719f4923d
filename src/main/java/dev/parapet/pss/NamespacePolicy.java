package dev.parapet.pss;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Pod Security admission labels of a namespace ({@code pod-security.kubernetes.io/<mode>} and
 * {@code <mode>-version}) read as the admission plugin reads them: an invalid enforce level or
 * version means restricted:latest; an invalid audit or warn label means privileged (fail open).
 */
public final class NamespacePolicy {
  public static final String PREFIX = "pod-security.kubernetes.io/";

  /** The three modes of Pod Security admission. */
  public enum Mode {
    ENFORCE,
    AUDIT,
    WARN;

    public String label() {
      return PREFIX + name().toLowerCase(java.util.Locale.ROOT);
    }

    public String versionLabel() {
      return label() + "-version";
    }
  }

  /**
   * The policy of one mode: level and version in force, how to show them ({@code
   * restricted:latest}, {@code baseline:v1.29}, or what an invalid label falls back to), where the
   * labels are written, and the reason when a label is invalid.
   */
  public record ModePolicy(
      Mode mode, Level level, PssVersion version, String display, Node labelNode, String invalid) {}

  private NamespacePolicy() {}

  /** The policy of a mode on a Namespace object, or empty when its level label is absent. */
  public static Optional<ModePolicy> of(K8sObject namespace, Mode mode) {
    Optional<MapNode> labels = namespace.metadata().flatMap(m -> m.map("labels"));
    Optional<Node> levelNode = labels.flatMap(l -> l.get(mode.label()));
    if (levelNode.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> values = namespace.labels();
    String levelText = values.getOrDefault(mode.label(), "");
    String versionText = values.getOrDefault(mode.versionLabel(), "latest");
    Node versionNode = labels.flatMap(l -> l.get(mode.versionLabel())).orElse(levelNode.get());
    String invalid = null;
    Node at = levelNode.get();
    Level level = null;
    PssVersion version = null;
    try {
      level = Level.parse(levelText);
    } catch (IllegalArgumentException e) {
      invalid = "invalid level \"" + levelText + "\"";
    }
    try {
      version = PssVersion.parse(versionText);
    } catch (IllegalArgumentException e) {
      if (invalid == null) {
        invalid = "invalid version \"" + versionText + "\"";
        at = versionNode;
      }
    }
    if (invalid != null) {
      // the plugin fails closed for enforce and open for audit and warn
      level = mode == Mode.ENFORCE ? Level.RESTRICTED : Level.PRIVILEGED;
      version = PssVersion.NEWEST;
      return Optional.of(
          new ModePolicy(mode, level, version, level.label() + ":latest", at, invalid));
    }
    return Optional.of(
        new ModePolicy(mode, level, version, levelText + ":" + versionText, at, null));
  }

  /**
   * For each namespace that has workloads, the most restrictive level that admits all of them at
   * {@code version}: the least privilege a namespace can be given without rejecting its pods.
   */
  public static Map<String, Level> highestAdmitted(Inventory inventory, PssVersion version) {
    Map<String, Level> out = new TreeMap<>();
    List<Workload> workloads = inventory.workloads();
    // workloads are independent: evaluate them on every core
    List<Level> levels =
        workloads.parallelStream().map(w -> PssEvaluator.highestAdmitted(w, version)).toList();
    for (int i = 0; i < workloads.size(); i++) {
      out.merge(
          workloads.get(i).object().effectiveNamespace(),
          levels.get(i),
          (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    for (K8sObject ns : inventory.ofKind("Namespace")) {
      out.putIfAbsent(ns.name(), Level.RESTRICTED);
    }
    return out;
  }

  /** Workloads by effective namespace. */
  public static Map<String, List<Workload>> byNamespace(Inventory inventory) {
    Map<String, List<Workload>> out = new TreeMap<>();
    for (Workload w : inventory.workloads()) {
      out.computeIfAbsent(w.object().effectiveNamespace(), k -> new ArrayList<>()).add(w);
    }
    return out;
  }
}
