package dev.parapet.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves two checks reporting the same field of the same object, where one declares the other in
 * {@link CheckInfo#overlaps()}: only one finding stays, the more severe, and on a tie the one of
 * the declaring check, which is the more specific (it knows the host path is the runtime socket, or
 * what the added capability allows).
 */
public final class Overlaps {
  private Overlaps() {}

  private record Key(Object object, String file, int document, String pointer) {}

  public static List<Finding> resolve(List<Finding> findings) {
    Map<Key, List<Finding>> byField = new HashMap<>();
    for (Finding f : findings) {
      byField
          .computeIfAbsent(
              new Key(
                  f.object(),
                  f.location().file(),
                  f.location().documentIndex(),
                  f.location().pointer()),
              k -> new ArrayList<>())
          .add(f);
    }
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      List<Finding> same =
          byField.get(
              new Key(
                  f.object(),
                  f.location().file(),
                  f.location().documentIndex(),
                  f.location().pointer()));
      if (same.size() == 1 || !loses(f, same)) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean loses(Finding f, List<Finding> same) {
    for (Finding other : same) {
      if (Objects.equals(other.check().id(), f.check().id())) {
        continue;
      }
      boolean fRefines = f.check().overlaps().contains(other.check().id());
      boolean otherRefines = other.check().overlaps().contains(f.check().id());
      if (fRefines && f.severity().compareTo(other.severity()) < 0) {
        return true;
      }
      if (otherRefines && other.severity().compareTo(f.severity()) >= 0) {
        return true;
      }
    }
    return false;
  }
}
