package dev.parapet.check;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Visible suppressions: the {@code parapet.dev/ignore} annotation on an object or its pod template
 * (with {@code parapet.dev/ignore-reason}), and a baseline of known findings.
 */
public final class Suppressions {
  public static final String IGNORE = "parapet.dev/ignore";
  public static final String IGNORE_REASON = "parapet.dev/ignore-reason";

  private Suppressions() {}

  /** Marks the findings that are suppressed; none are dropped. */
  public static List<Finding> apply(
      List<Finding> findings, Inventory inventory, Baseline baseline) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Optional<Finding.Suppression> s = byAnnotation(f, inventory);
      if (s.isEmpty() && baseline != null && baseline.contains(f)) {
        s = Optional.of(new Finding.Suppression(Finding.Suppression.BASELINE, "in baseline"));
      }
      out.add(s.map(f::withSuppression).orElse(f));
    }
    return out;
  }

  private static boolean hasIgnoreAnnotation(K8sObject o, Inventory inventory) {
    return o.annotations().containsKey(IGNORE)
        || inventory.workload(o).map(w -> w.podAnnotations().containsKey(IGNORE)).orElse(false);
  }

  private static Optional<Finding.Suppression> byAnnotation(Finding f, Inventory inventory) {
    Optional<K8sObject> object =
        f.subject() != null ? Optional.of(f.subject()) : inventory.get(f.object());
    if (object.isEmpty()) {
      return Optional.empty();
    }
    Optional<Finding.Suppression> own = match(object.get().annotations(), f.check());
    if (own.isPresent()) {
      return own;
    }
    return inventory
        .workload(object.get())
        .map(Workload::podAnnotations)
        .flatMap(a -> match(a, f.check()));
  }

  private static Optional<Finding.Suppression> match(
      Map<String, String> annotations, CheckMeta check) {
    String ids = annotations.get(IGNORE);
    if (ids == null) {
      return Optional.empty();
    }
    Set<String> listed =
        Set.copyOf(
            Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    boolean hit = listed.stream().anyMatch(check::selectedBy);
    if (!hit) {
      return Optional.empty();
    }
    String reason = annotations.getOrDefault(IGNORE_REASON, "");
    return Optional.of(
        new Finding.Suppression(
            Finding.Suppression.ANNOTATION, reason.isBlank() ? "no reason given" : reason));
  }
}
