package dev.parapet.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Effective permissions compacted the way {@code kubectl auth can-i --list} shows them: one row per
 * resource (as {@code resource.group}) or non-resource URL and resource names, with the union of
 * the verbs every applicable rule grants.
 */
public final class Permissions {
  private Permissions() {}

  /**
   * One row.
   *
   * @param resource {@code pods}, {@code deployments.apps}, {@code *.*}, or empty for a URL row
   * @param nonResourceUrl the URL, or empty for a resource row
   * @param resourceNames the names the row is limited to; empty means all
   * @param verbs sorted verbs
   */
  public record Row(
      String resource, String nonResourceUrl, List<String> resourceNames, List<String> verbs) {
    public Row {
      resourceNames = List.copyOf(resourceNames);
      verbs = List.copyOf(verbs);
    }
  }

  /** Rows for the grants' rules, sorted by resource, URL and names. */
  public static List<Row> compact(List<Grant> grants) {
    Map<String, TreeSet<String>> verbs = new TreeMap<>();
    Map<String, Row> shape = new TreeMap<>();
    for (Grant g : grants) {
      PolicyRule r = g.rule();
      List<String> names = new ArrayList<>(new TreeSet<>(r.resourceNames()));
      for (String group : r.apiGroups()) {
        for (String resource : r.resources()) {
          String written = group.isEmpty() ? resource : resource + "." + group;
          add(verbs, shape, new Row(written, "", names, List.of()), r.verbs());
        }
      }
      for (String url : r.nonResourceURLs()) {
        add(verbs, shape, new Row("", url, List.of(), List.of()), r.verbs());
      }
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, Row> e : shape.entrySet()) {
      Row row = e.getValue();
      out.add(
          new Row(
              row.resource(),
              row.nonResourceUrl(),
              row.resourceNames(),
              new ArrayList<>(verbs.get(e.getKey()))));
    }
    return out;
  }

  private static void add(
      Map<String, TreeSet<String>> verbs, Map<String, Row> shape, Row row, List<String> ruleVerbs) {
    String key = row.resource() + "\u0000" + row.nonResourceUrl() + "\u0000" + row.resourceNames();
    shape.putIfAbsent(key, row);
    verbs.computeIfAbsent(key, k -> new TreeSet<>()).addAll(ruleVerbs);
  }
}
