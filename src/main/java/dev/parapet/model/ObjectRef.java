package dev.parapet.model;

import java.util.Comparator;

/** Identifies an object by kind, namespace (empty for cluster-scoped objects) and name. */
public record ObjectRef(String kind, String namespace, String name)
    implements Comparable<ObjectRef> {
  private static final Comparator<ObjectRef> ORDER =
      Comparator.comparing(ObjectRef::namespace)
          .thenComparing(ObjectRef::kind)
          .thenComparing(ObjectRef::name);

  public ObjectRef {
    namespace = namespace == null ? "" : namespace;
  }

  @Override
  public int compareTo(ObjectRef o) {
    return ORDER.compare(this, o);
  }

  /** {@code Kind namespace/name}, or {@code Kind name} when cluster-scoped. */
  @Override
  public String toString() {
    return namespace.isEmpty() ? kind + " " + name : kind + " " + namespace + "/" + name;
  }
}
