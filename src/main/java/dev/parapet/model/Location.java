package dev.parapet.model;

import dev.parapet.source.Node;

/**
 * Where something is written: file, 1-based line and column, JSON Pointer within its document, and
 * the Helm template the document came from, if any.
 */
public record Location(
    String file, int documentIndex, int line, int column, String pointer, String helmSource) {

  public static Location of(K8sObject object, Node node) {
    return new Location(
        object.file(),
        object.documentIndex(),
        node.line(),
        node.column(),
        node.pointer(),
        object.helmSource());
  }

  /** {@code file:line:col}. */
  public String display() {
    return file + ":" + line + ":" + column;
  }
}
