package dev.parapet.source;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A sequence. */
public final class SeqNode extends Node {
  private static final Node[] NONE = new Node[0];
  private Node[] items = NONE;
  private int size;

  SeqNode(int line, int column) {
    super(line, column);
  }

  void add(Node item) {
    item.setParent(this);
    if (size == items.length) {
      items = Arrays.copyOf(items, Math.max(4, size * 2));
    }
    items[size++] = item;
  }

  void ensureCapacity(int capacity) {
    if (items.length < capacity) {
      items = Arrays.copyOf(items, capacity);
    }
  }

  void trim() {
    if (items.length != size) {
      items = size == 0 ? NONE : Arrays.copyOf(items, size);
    }
  }

  public int length() {
    return size;
  }

  public Node get(int i) {
    return items[i];
  }

  public List<Node> items() {
    return Collections.unmodifiableList(Arrays.asList(items).subList(0, size));
  }

  @Override
  String childToken(Node child) {
    // Items are in written order, so a binary search by position finds the child of a long
    // sequence (the items of a cluster dump) without a scan per pointer. Copies made for aliases
    // repeat positions; the scan below still finds those.
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Node m = items[mid];
      int c =
          m.line() != child.line()
              ? Integer.compare(m.line(), child.line())
              : Integer.compare(m.column(), child.column());
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        if (m == child) {
          return Integer.toString(mid);
        }
        break;
      }
    }
    for (int i = 0; i < size; i++) {
      if (items[i] == child) {
        return Integer.toString(i);
      }
    }
    throw new IllegalStateException("node is not a child of its parent");
  }

  @Override
  Node copy() {
    SeqNode s = new SeqNode(line(), column());
    for (int i = 0; i < size; i++) {
      s.add(items[i].copy());
    }
    s.trim();
    return s;
  }

  @Override
  public int size() {
    int n = 1;
    for (int i = 0; i < size; i++) {
      n += items[i].size();
    }
    return n;
  }
}
