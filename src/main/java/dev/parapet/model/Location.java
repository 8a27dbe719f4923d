package dev.parapet.model;

import dev.parapet.source.MapNode;
import dev.parapet.source.Node;

/**
 * Where something is written: file, 1-based line and column, JSON Pointer within its document, and
 * the Helm template the document came from, if any.
 */
public record Location(
    String file, int documentIndex, int line, int column, String pointer, String helmSource) {

  /**
   * The location of a node. A value of a mapping is located at its key, so that a finding about
   * {@code securityContext:} points at that line rather than at the first field inside it.
   */
  public static Location of(K8sObject object, Node node) {
    int line = node.line();
    int column = node.column();
    if (node.parent() instanceof MapNode m) {
      for (int i = 0; i < m.entries(); i++) {
        if (m.value(i) == node) {
          line = m.keyLine(i);
          column = m.keyColumn(i);
          break;
        }
      }
    }
    return new Location(
        object.file(), object.documentIndex(), line, column, node.pointer(), object.helmSource());
  }

  /** {@code file:line:col}. */
  public String display() {
    return file + ":" + line + ":" + column;
  }
}
