package dev.parapet.check;

import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds JSON Patch operations against written trees, creating missing parents as needed. */
public final class Patches {
  private Patches() {}

  /**
   * Sets {@code path} (keys below {@code base}) to {@code value}: replaces an existing value, or
   * adds the value under the deepest written map, wrapped in the maps that are missing.
   */
  public static Fix.Op set(MapNode base, List<String> path, Object value) {
    MapNode current = base;
    int i = 0;
    while (i < path.size() - 1) {
      Node next = current.get(path.get(i)).orElse(null);
      if (!(next instanceof MapNode m)) {
        break;
      }
      current = m;
      i++;
    }
    String pointer = current.pointer();
    if (i == path.size() - 1 && current.get(path.get(i)).isPresent()) {
      return Fix.Op.replace(pointer + "/" + escape(path.get(i)), value);
    }
    if (current.get(path.get(i)).isPresent()) {
      // a scalar or list stands where a map is needed: replace it whole
      return Fix.Op.replace(
          pointer + "/" + escape(path.get(i)), wrap(path.subList(i + 1, path.size()), value));
    }
    return Fix.Op.add(
        pointer + "/" + escape(path.get(i)), wrap(path.subList(i + 1, path.size()), value));
  }

  private static Object wrap(List<String> rest, Object value) {
    Object v = value;
    for (int j = rest.size() - 1; j >= 0; j--) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(rest.get(j), v);
      v = m;
    }
    return v;
  }

  /** Appends to a list at {@code pointer} ({@code -} index). */
  public static Fix.Op append(Node list, Object value) {
    return Fix.Op.add(list.pointer() + "/-", value);
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
