package dev.parapet.rbac;

import dev.parapet.model.Location;

/** The role a binding grants: kind {@code Role} or {@code ClusterRole}, and name. */
public record RoleRef(String kind, String name, Location location) {
  public boolean isClusterRole() {
    return "ClusterRole".equals(kind);
  }

  public boolean isRole() {
    return "Role".equals(kind);
  }
}
