package dev.parapet.rbac;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * parapet's own definitions of the roles the API server creates at start-up that manifests bind
 * without carrying: {@code cluster-admin}, the aggregated {@code admin}, {@code edit} and {@code
 * view} with the {@code system:aggregate-to-*} roles that fill them, {@code system:auth-delegator},
 * and the Role {@code kube-system/extension-apiserver-authentication-reader}.
 *
 * <p>They are read from {@code default-roles.yaml} beside this class, with parapet's own YAML
 * reader, so their objects and rules carry locations in that file, named {@link #FILE}. {@link
 * RbacIndex} adds them only under names the input leaves undefined.
 */
final class DefaultRoles {
  /** The file name the default roles' locations carry; no path a user names looks like it. */
  static final String FILE = "<parapet default-roles.yaml>";

  private static final String RESOURCE = "default-roles.yaml";

  private final List<ClusterRole> clusterRoles;
  private final List<Role> roles;

  private DefaultRoles(List<ClusterRole> clusterRoles, List<Role> roles) {
    this.clusterRoles = List.copyOf(clusterRoles);
    this.roles = List.copyOf(roles);
  }

  /** Read once, on first use; immutable afterwards. */
  private static final class Holder {
    static final DefaultRoles INSTANCE = read();
  }

  static List<ClusterRole> clusterRoles() {
    return Holder.INSTANCE.clusterRoles;
  }

  static List<Role> roles() {
    return Holder.INSTANCE.roles;
  }

  private static DefaultRoles read() {
    byte[] bytes;
    try (InputStream in = DefaultRoles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
    ParsedFile parsed = new YamlReader(Limits.DEFAULT).read(FILE, bytes);
    Inventory inventory = Inventory.build(List.of(parsed));
    if (!parsed.problems().isEmpty() || !inventory.problems().isEmpty()) {
      List<Object> problems = new ArrayList<>(parsed.problems());
      problems.addAll(inventory.problems());
      throw new IllegalStateException("resource " + RESOURCE + " is broken: " + problems);
    }
    List<ClusterRole> clusterRoles = new ArrayList<>();
    List<Role> roles = new ArrayList<>();
    for (K8sObject o : inventory.objects()) {
      switch (o.kind()) {
        case "ClusterRole" -> clusterRoles.add(ClusterRole.of(o));
        case "Role" -> roles.add(Role.of(o));
        default ->
            throw new IllegalStateException(
                "resource " + RESOURCE + " holds a " + o.kind() + "; only roles belong there");
      }
    }
    return new DefaultRoles(clusterRoles, roles);
  }
}
