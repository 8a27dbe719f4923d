package dev.parapet.source;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A mapping; keys keep their order of appearance. Later duplicates replace earlier values. */
public final class MapNode extends Node {
  private static final String[] NO_KEYS = new String[0];
  private static final Node[] NO_VALUES = new Node[0];

  private String[] keys = NO_KEYS;
  private Node[] values = NO_VALUES;
  private int[] keyPositions;
  private int size;
  // built for large maps only, so that a hostile 200k-key ConfigMap is not quadratic to read
  private java.util.HashMap<String, Integer> index;
  private static final int INDEX_FROM = 32;

  MapNode(int line, int column) {
    super(line, column);
  }

  /** Adds or replaces an entry; returns false when the key was already present. */
  boolean put(String key, Node value, int keyLine, int keyColumn) {
    value.setParent(this);
    int existing = indexOf(key);
    if (existing >= 0) {
      values[existing].setParent(null);
      values[existing] = value;
      keyPositions[2 * existing] = keyLine;
      keyPositions[2 * existing + 1] = keyColumn;
      return false;
    }
    if (size == keys.length) {
      int cap = Math.max(4, size * 2);
      keys = Arrays.copyOf(keys, cap);
      values = Arrays.copyOf(values, cap);
      keyPositions = keyPositions == null ? new int[2 * cap] : Arrays.copyOf(keyPositions, 2 * cap);
    }
    keys[size] = key;
    values[size] = value;
    keyPositions[2 * size] = keyLine;
    keyPositions[2 * size + 1] = keyColumn;
    if (index != null) {
      index.put(key, size);
    }
    size++;
    if (index == null && size >= INDEX_FROM) {
      index = new java.util.HashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        index.put(keys[i], i);
      }
    }
    return true;
  }

  void remove(String key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        values[i].setParent(null);
        int tail = size - i - 1;
        System.arraycopy(keys, i + 1, keys, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        System.arraycopy(keyPositions, 2 * (i + 1), keyPositions, 2 * i, 2 * tail);
        size--;
        keys[size] = null;
        values[size] = null;
        index = null;
        if (size >= INDEX_FROM) {
          index = new java.util.HashMap<>(size * 2);
          for (int j = 0; j < size; j++) {
            index.put(keys[j], j);
          }
        }
        return;
      }
    }
  }

  void trim() {
    // the index only serves building; lookups in a finished tree are few
    index = null;
    if (keys.length != size) {
      keys = size == 0 ? NO_KEYS : Arrays.copyOf(keys, size);
      values = size == 0 ? NO_VALUES : Arrays.copyOf(values, size);
      keyPositions = size == 0 ? null : Arrays.copyOf(keyPositions, 2 * size);
    }
  }

  public int entries() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public String key(int i) {
    return keys[i];
  }

  public Node value(int i) {
    return values[i];
  }

  /** 1-based line of the key of entry {@code i}, where a finding about that entry points. */
  public int keyLine(int i) {
    return keyPositions[2 * i];
  }

  public int keyColumn(int i) {
    return keyPositions[2 * i + 1];
  }

  public List<String> keys() {
    return Collections.unmodifiableList(Arrays.asList(keys).subList(0, size));
  }

  public Optional<Node> get(String key) {
    int i = indexOf(key);
    return i < 0 ? Optional.empty() : Optional.of(values[i]);
  }

  public int indexOf(String key) {
    if (index != null) {
      Integer i = index.get(key);
      return i == null ? -1 : i;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  public Optional<MapNode> map(String key) {
    return get(key).filter(MapNode.class::isInstance).map(MapNode.class::cast);
  }

  public Optional<SeqNode> seq(String key) {
    return get(key).filter(SeqNode.class::isInstance).map(SeqNode.class::cast);
  }

  public Optional<ScalarNode> scalar(String key) {
    return get(key).filter(ScalarNode.class::isInstance).map(ScalarNode.class::cast);
  }

  /** The string value of a scalar entry that is not null. */
  public Optional<String> string(String key) {
    return scalar(key).filter(s -> !s.isNull()).map(ScalarNode::value);
  }

  public Optional<Boolean> bool(String key) {
    return scalar(key).flatMap(ScalarNode::asBoolean);
  }

  public Optional<Long> integer(String key) {
    return scalar(key).flatMap(ScalarNode::asLong);
  }

  @Override
  String childToken(Node child) {
    for (int i = 0; i < size; i++) {
      if (values[i] == child) {
        return keys[i];
      }
    }
    throw new IllegalStateException("node is not a child of its parent");
  }

  @Override
  Node copy() {
    MapNode m = new MapNode(line(), column());
    for (int i = 0; i < size; i++) {
      m.put(keys[i], values[i].copy(), keyPositions[2 * i], keyPositions[2 * i + 1]);
    }
    m.trim();
    return m;
  }

  @Override
  public int size() {
    int n = 1;
    for (int i = 0; i < size; i++) {
      n += values[i].size();
    }
    return n;
  }
}
