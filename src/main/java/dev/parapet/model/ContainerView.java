package dev.parapet.model;

import dev.parapet.source.MapNode;
import java.util.Optional;

/** A container of a pod spec, with the list it belongs to. */
public record ContainerView(Type type, int index, MapNode node) {
  /** Which list of the pod spec a container is in. */
  public enum Type {
    INIT("initContainers", "init container"),
    CONTAINER("containers", "container"),
    EPHEMERAL("ephemeralContainers", "ephemeral container");

    private final String field;
    private final String label;

    Type(String field, String label) {
      this.field = field;
      this.label = label;
    }

    /** The pod spec field holding this list. */
    public String field() {
      return field;
    }

    /** How messages name a container of this list. */
    public String label() {
      return label;
    }
  }

  public String name() {
    return node.string("name").orElse("#" + index);
  }

  public Optional<MapNode> securityContext() {
    return node.map("securityContext");
  }

  public Optional<String> image() {
    return node.string("image");
  }

  /** {@code container "app"}, {@code init container "setup"}. */
  public String describe() {
    return type.label() + " \"" + name() + "\"";
  }
}
