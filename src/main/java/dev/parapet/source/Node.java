package dev.parapet.source;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A node of a parsed document that remembers where it was written.
 *
 * <p>The tree is compact on purpose: a node keeps its 1-based line and column and its parent, and
 * derives its JSON Pointer on demand by walking up, so a large cluster dump does not pay for a
 * pointer string per node.
 */
public abstract sealed class Node permits MapNode, SeqNode, ScalarNode {
  private final int line;
  private final int column;
  private Node parent;

  Node(int line, int column) {
    this.line = line;
    this.column = column;
  }

  /** 1-based line of the node's first character. */
  public int line() {
    return line;
  }

  /** 1-based column of the node's first character. */
  public int column() {
    return column;
  }

  public Node parent() {
    return parent;
  }

  void setParent(Node parent) {
    this.parent = parent;
  }

  /** Detaches the node from its parent so that it becomes the root of its own pointer space. */
  void detach() {
    parent = null;
  }

  /** RFC 6901 JSON Pointer of this node from the root of its document. */
  public String pointer() {
    Deque<String> parts = new ArrayDeque<>();
    Node child = this;
    for (Node p = parent; p != null; child = p, p = p.parent) {
      parts.push(p.childToken(child));
    }
    if (parts.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      sb.append('/').append(escape(part));
    }
    return sb.toString();
  }

  abstract String childToken(Node child);

  static String escape(String token) {
    if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
      return token;
    }
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** Depth-first copy with the same positions, used to expand YAML aliases. */
  abstract Node copy();

  /** Number of nodes in this subtree, itself included. */
  public abstract int size();
}
