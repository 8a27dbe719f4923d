package dev.parapet.rbac;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.model.ObjectRef;
import dev.parapet.source.Problem;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The RBAC policy of an inventory, resolved once and queried offline with the kube-apiserver RBAC
 * authorizer's semantics: ClusterRoleBindings grant everywhere, RoleBindings only in their
 * namespace; aggregated ClusterRoles carry the rules the aggregation controller would give them;
 * members of {@code system:masters} are allowed everything.
 *
 * <p>Unless asked not to, the index assumes the roles every API server creates at start-up ({@link
 * DefaultRoles}: cluster-admin, admin, edit, view, ...) under each of their names the input does
 * not define, so that a binding to {@code edit} in manifests grants what it grants in a cluster.
 * Grants through such a role say so ({@link Grant#defaultRole()}).
 *
 * <p>Immutable and safe to share. Bindings are indexed by subject and by role, so a query looks at
 * the few bindings that can matter rather than at all of them.
 */
public final class RbacIndex {
  private static final String CLUSTER_ROLE = "ClusterRole";
  private static final String ROLE = "Role";

  /** Keys of the two indexes an inventory may memoize: with the default roles and without. */
  private enum Memo {
    WITH_DEFAULT_ROLES,
    INPUT_ONLY
  }

  private final Map<String, ClusterRole> clusterRoles;
  private final Map<String, Role> roles;
  private final Map<String, List<PolicyRule>> clusterRoleRules;

  /** The roles taken from parapet's definitions because the input does not define them. */
  private final Set<ObjectRef> assumed;

  /** Usable bindings: ClusterRoleBindings first, then RoleBindings, each in input order. */
  private final Binding[] bindings;

  private final ObjectRef[] bindingRole;
  private final List<PolicyRule>[] bindingRules;
  private final boolean[] bindingDefault;
  private final Map<String, int[]> byUser;
  private final Map<String, int[]> byGroup;
  private final Map<String, int[]> byServiceAccount;

  /** Bound ClusterRoles, each with the bindings that use it. */
  private final List<RoleUse> clusterRoleUses;

  /** Bound Roles by namespace: only RoleBindings of that namespace can use them. */
  private final Map<String, List<RoleUse>> roleUses;

  private final List<Problem> problems;

  /**
   * A bound role, its rules, and the bindings that use it: ClusterRoleBindings, and RoleBindings by
   * namespace. A who-can query visits only the roles and bindings that can apply to its namespace.
   */
  private record RoleUse(
      List<PolicyRule> rules, int[] clusterWide, Map<String, int[]> roleBindingsByNamespace) {}

  @SuppressWarnings("unchecked")
  private RbacIndex(Inventory inventory, boolean defaultRoles) {
    List<Problem> found = new ArrayList<>();
    Map<String, ClusterRole> crs = new LinkedHashMap<>();
    for (K8sObject o : inventory.ofKind(CLUSTER_ROLE)) {
      if (isRbac(o)) {
        crs.putIfAbsent(o.name(), ClusterRole.of(o));
      }
    }
    Map<String, Role> rs = new LinkedHashMap<>();
    for (K8sObject o : inventory.ofKind(ROLE)) {
      if (isRbac(o)) {
        Role r = Role.of(o);
        rs.putIfAbsent(roleKey(r.namespace(), r.name()), r);
      }
    }
    Set<ObjectRef> defaults = new HashSet<>();
    if (defaultRoles) {
      // after the input's roles, so that a role the input defines always wins
      for (ClusterRole d : DefaultRoles.clusterRoles()) {
        if (crs.putIfAbsent(d.name(), d) == null) {
          defaults.add(new ObjectRef(CLUSTER_ROLE, "", d.name()));
        }
      }
      for (Role d : DefaultRoles.roles()) {
        if (rs.putIfAbsent(roleKey(d.namespace(), d.name()), d) == null) {
          defaults.add(new ObjectRef(ROLE, d.namespace(), d.name()));
        }
      }
    }
    this.assumed = java.util.Collections.unmodifiableSet(defaults);
    this.clusterRoles = java.util.Collections.unmodifiableMap(crs);
    this.roles = java.util.Collections.unmodifiableMap(rs);
    this.clusterRoleRules = Aggregation.resolve(crs, found);

    List<Binding> usable = new ArrayList<>();
    List<ObjectRef> refs = new ArrayList<>();
    List<List<PolicyRule>> rules = new ArrayList<>();
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      for (K8sObject o : inventory.ofKind(kind)) {
        if (!isRbac(o)) {
          continue;
        }
        Binding b = Binding.of(o);
        Optional<ObjectRef> role = resolve(b, found);
        if (role.isPresent()) {
          usable.add(b);
          refs.add(role.get());
          rules.add(rulesOf(role.get()));
        }
      }
    }
    this.bindings = usable.toArray(new Binding[0]);
    this.bindingRole = refs.toArray(new ObjectRef[0]);
    this.bindingRules = rules.toArray(new List[0]);
    this.bindingDefault = new boolean[bindings.length];
    for (int i = 0; i < bindings.length; i++) {
      bindingDefault[i] = assumed.contains(bindingRole[i]);
    }

    Map<String, List<Integer>> users = new HashMap<>();
    Map<String, List<Integer>> groups = new HashMap<>();
    Map<String, List<Integer>> sas = new HashMap<>();
    Map<ObjectRef, List<Integer>> byRoleLists = new LinkedHashMap<>();
    for (int i = 0; i < bindings.length; i++) {
      Binding b = bindings[i];
      byRoleLists.computeIfAbsent(bindingRole[i], k -> new ArrayList<>()).add(i);
      for (Subject s : b.subjects()) {
        switch (s.kind()) {
          case USER -> users.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(i);
          case GROUP -> groups.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(i);
          case SERVICE_ACCOUNT -> {
            String ns = b.serviceAccountNamespace(s);
            if (!ns.isEmpty()) {
              sas.computeIfAbsent(Identity.SA_PREFIX + ns + ":" + s.name(), k -> new ArrayList<>())
                  .add(i);
            }
          }
          default -> {
            // unknown kinds never match, as upstream
          }
        }
      }
    }
    this.byUser = freeze(users);
    this.byGroup = freeze(groups);
    this.byServiceAccount = freeze(sas);
    List<RoleUse> clusterUses = new ArrayList<>();
    Map<String, List<RoleUse>> namespacedUses = new HashMap<>();
    for (Map.Entry<ObjectRef, List<Integer>> e : byRoleLists.entrySet()) {
      List<Integer> clusterWide = new ArrayList<>();
      Map<String, List<Integer>> inNamespace = new HashMap<>();
      for (int i : e.getValue()) {
        if (bindings[i].isClusterRoleBinding()) {
          clusterWide.add(i);
        } else {
          inNamespace.computeIfAbsent(bindings[i].namespace(), k -> new ArrayList<>()).add(i);
        }
      }
      RoleUse use =
          new RoleUse(
              bindingRules[e.getValue().get(0)],
              clusterWide.stream().mapToInt(Integer::intValue).toArray(),
              freeze(inNamespace));
      ObjectRef role = e.getKey();
      if (role.kind().equals(ROLE)) {
        namespacedUses.computeIfAbsent(role.namespace(), k -> new ArrayList<>()).add(use);
      } else {
        clusterUses.add(use);
      }
    }
    this.clusterRoleUses = List.copyOf(clusterUses);
    namespacedUses.replaceAll((k, v) -> List.copyOf(v));
    this.roleUses = java.util.Collections.unmodifiableMap(namespacedUses);
    this.problems = List.copyOf(found);
  }

  /**
   * Resolves the RBAC objects of an inventory, with the default roles assumed where the input does
   * not define them, once per inventory (the checks and queries share it). Broken references become
   * {@link #problems()}.
   */
  public static RbacIndex of(Inventory inventory) {
    return of(inventory, true);
  }

  /**
   * As {@link #of(Inventory)}; with {@code defaultRoles} false only the input's roles count, and a
   * binding to a default role the input lacks is a problem that grants nothing. Each setting is
   * computed once per inventory.
   */
  public static RbacIndex of(Inventory inventory, boolean defaultRoles) {
    return inventory.derived(
        defaultRoles ? Memo.WITH_DEFAULT_ROLES : Memo.INPUT_ONLY,
        inv -> new RbacIndex(inv, defaultRoles));
  }

  private static boolean isRbac(K8sObject o) {
    return o.group().equals("rbac.authorization.k8s.io");
  }

  private static String roleKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static <K> Map<K, int[]> freeze(Map<K, List<Integer>> lists) {
    Map<K, int[]> out = new HashMap<>(lists.size() * 2);
    for (Map.Entry<K, List<Integer>> e : lists.entrySet()) {
      // a binding naming the same subject twice is listed once
      out.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).distinct().toArray());
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private Optional<ObjectRef> resolve(Binding b, List<Problem> found) {
    RoleRef ref = b.roleRef();
    if (ref.isClusterRole()) {
      if (clusterRoles.containsKey(ref.name())) {
        return Optional.of(new ObjectRef(CLUSTER_ROLE, "", ref.name()));
      }
      found.add(
          problem(
              ref.location(),
              b + " refers to ClusterRole " + ref.name() + " which is not in the input; ignored"));
      return Optional.empty();
    }
    if (ref.isRole()) {
      if (b.isClusterRoleBinding()) {
        found.add(
            problem(
                ref.location(),
                b
                    + " refers to Role "
                    + ref.name()
                    + ": a ClusterRoleBinding can only refer to a ClusterRole; ignored"));
        return Optional.empty();
      }
      if (roles.containsKey(roleKey(b.namespace(), ref.name()))) {
        return Optional.of(new ObjectRef(ROLE, b.namespace(), ref.name()));
      }
      found.add(
          problem(
              ref.location(),
              b
                  + " refers to Role "
                  + b.namespace()
                  + "/"
                  + ref.name()
                  + " which is not in the input; ignored"));
      return Optional.empty();
    }
    found.add(
        problem(
            ref.location(),
            b
                + " has roleRef kind '"
                + ref.kind()
                + "': only Role and ClusterRole can be bound; ignored"));
    return Optional.empty();
  }

  static Problem problem(Location at, String message) {
    return Problem.warning(at.file(), at.line(), at.column(), message);
  }

  private List<PolicyRule> rulesOf(ObjectRef role) {
    if (role.kind().equals(CLUSTER_ROLE)) {
      return clusterRoleRules.getOrDefault(role.name(), List.of());
    }
    return roles.get(roleKey(role.namespace(), role.name())).rules();
  }

  /** Broken bindings and aggregation rules, each at its location; never fatal. */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Every ClusterRole by name (the first when a name repeats), the input's first, then the default
   * roles assumed.
   */
  public Map<String, ClusterRole> clusterRoles() {
    return clusterRoles;
  }

  public Optional<ClusterRole> clusterRole(String name) {
    return Optional.ofNullable(clusterRoles.get(name));
  }

  public Optional<Role> role(String namespace, String name) {
    return Optional.ofNullable(roles.get(roleKey(namespace, name)));
  }

  /**
   * True when the role ({@code ClusterRole name} or {@code Role namespace/name}) is parapet's
   * definition of a Kubernetes default role, assumed because the input does not define it.
   */
  public boolean isDefaultRole(ObjectRef role) {
    return assumed.contains(role);
  }

  /**
   * The rules a ClusterRole grants: as written, or for an aggregated role the rules the aggregation
   * controller puts on it. Empty for an unknown name.
   */
  public List<PolicyRule> effectiveRules(String clusterRoleName) {
    return clusterRoleRules.getOrDefault(clusterRoleName, List.of());
  }

  /** The bindings that are resolved and used: ClusterRoleBindings first, then RoleBindings. */
  public List<Binding> bindings() {
    return List.of(bindings);
  }

  /**
   * The authorizer's decision with the first grant it finds (ClusterRoleBindings first, then
   * RoleBindings of the request's namespace, each in input order, rules in role order).
   */
  public Decision allowed(Identity identity, Request request) {
    return decide(identity, request, true);
  }

  /** Like {@link #allowed} but with every chain that grants the request. */
  public Decision canI(Identity identity, Request request) {
    return decide(identity, request, false);
  }

  private Decision decide(Identity identity, Request request, boolean firstOnly) {
    if (identity.isSuperuser()) {
      return Decision.SUPERUSER;
    }
    String namespace = namespaceOf(request);
    List<Grant> out = new ArrayList<>();
    for (int i : candidates(identity)) {
      Binding b = bindings[i];
      if (!b.isClusterRoleBinding() && !b.namespace().equals(namespace)) {
        continue;
      }
      Optional<Subject> who = appliesTo(identity, b);
      if (who.isEmpty()) {
        continue;
      }
      for (PolicyRule r : bindingRules[i]) {
        if (r.allows(request)) {
          out.add(new Grant(b, who.get(), bindingRole[i], r, b.namespace(), bindingDefault[i]));
          if (firstOnly) {
            return Decision.of(out);
          }
        }
      }
    }
    return Decision.of(out);
  }

  /**
   * The rules that apply to the identity in a namespace (empty: cluster-wide only), each with its
   * chain, in the order the authorizer visits them. {@code system:masters} adds nothing here.
   */
  public List<Grant> rulesFor(Identity identity, String namespace) {
    String ns = namespace == null ? "" : namespace;
    List<Grant> out = new ArrayList<>();
    for (int i : candidates(identity)) {
      Binding b = bindings[i];
      if (!b.isClusterRoleBinding() && !b.namespace().equals(ns)) {
        continue;
      }
      Optional<Subject> who = appliesTo(identity, b);
      if (who.isPresent()) {
        for (PolicyRule r : bindingRules[i]) {
          out.add(new Grant(b, who.get(), bindingRole[i], r, b.namespace(), bindingDefault[i]));
        }
      }
    }
    return out;
  }

  /**
   * Every rule that applies to the identity anywhere, each with its chain and scope: those of
   * ClusterRoleBindings first (cluster-wide), then those of RoleBindings (their namespace), in the
   * order the authorizer visits them. {@code system:masters} adds nothing here.
   */
  public List<Grant> allGrants(Identity identity) {
    List<Grant> out = new ArrayList<>();
    for (int i : candidates(identity)) {
      Binding b = bindings[i];
      Optional<Subject> who = appliesTo(identity, b);
      if (who.isPresent()) {
        for (PolicyRule r : bindingRules[i]) {
          out.add(new Grant(b, who.get(), bindingRole[i], r, b.namespace(), bindingDefault[i]));
        }
      }
    }
    return out;
  }

  /**
   * Every subject of a binding that allows the request, with the first rule that does; for a
   * namespaced request ClusterRoleBindings and the namespace's RoleBindings, for a cluster-wide or
   * non-resource request ClusterRoleBindings only. Members of {@code system:masters} can always,
   * whether listed or not. Sorted by binding (ClusterRoleBindings first) then subject order.
   */
  public List<Grant> whoCan(Request request) {
    String namespace = namespaceOf(request);
    TreeMap<Integer, PolicyRule> granting = new TreeMap<>();
    for (RoleUse use : clusterRoleUses) {
      grant(use, request, namespace, granting);
    }
    // a Role is bound only by RoleBindings of its own namespace (never "", so never cluster-wide)
    for (RoleUse use : roleUses.getOrDefault(namespace, List.of())) {
      grant(use, request, namespace, granting);
    }
    List<Grant> out = new ArrayList<>();
    for (Map.Entry<Integer, PolicyRule> e : granting.entrySet()) {
      int i = e.getKey();
      Binding b = bindings[i];
      for (Subject s : b.subjects()) {
        if (s.kind() == Subject.Kind.UNKNOWN
            || (s.kind() == Subject.Kind.SERVICE_ACCOUNT
                && b.serviceAccountNamespace(s).isEmpty())) {
          continue;
        }
        Subject who =
            s.kind() == Subject.Kind.SERVICE_ACCOUNT
                ? new Subject(s.kind(), s.name(), b.serviceAccountNamespace(s), s.location())
                : s;
        out.add(new Grant(b, who, bindingRole[i], e.getValue(), b.namespace(), bindingDefault[i]));
      }
    }
    return out;
  }

  /**
   * Adds the bindings of a role that apply in {@code namespace} (its ClusterRoleBindings and its
   * RoleBindings there) when one of its rules allows the request, each with the first such rule.
   */
  private static void grant(
      RoleUse use, Request request, String namespace, Map<Integer, PolicyRule> granting) {
    int[] here = use.roleBindingsByNamespace().get(namespace);
    if (use.clusterWide().length == 0 && here == null) {
      return;
    }
    PolicyRule rule = firstAllowing(use.rules(), request);
    if (rule == null) {
      return;
    }
    for (int i : use.clusterWide()) {
      granting.put(i, rule);
    }
    if (here != null) {
      for (int i : here) {
        granting.put(i, rule);
      }
    }
  }

  private static PolicyRule firstAllowing(List<PolicyRule> rules, Request request) {
    for (PolicyRule r : rules) {
      if (r.allows(request)) {
        return r;
      }
    }
    return null;
  }

  private static String namespaceOf(Request request) {
    return request instanceof ResourceRequest r ? r.namespace() : "";
  }

  /** Indices of the bindings that may name the identity, sorted and without repeats. */
  private int[] candidates(Identity identity) {
    BitSet set = new BitSet(bindings.length);
    add(set, byUser.get(identity.user()));
    add(set, byServiceAccount.get(identity.user()));
    for (String g : identity.groups()) {
      add(set, byGroup.get(g));
    }
    return set.stream().toArray();
  }

  private static void add(BitSet set, int[] indices) {
    if (indices != null) {
      for (int i : indices) {
        set.set(i);
      }
    }
  }

  /** The first subject of the binding that names the identity, compared as upstream does. */
  static Optional<Subject> appliesTo(Identity identity, Binding b) {
    for (Subject s : b.subjects()) {
      boolean match =
          switch (s.kind()) {
            case USER -> s.name().equals(identity.user());
            case GROUP -> identity.groups().contains(s.name());
            case SERVICE_ACCOUNT -> {
              String ns = b.serviceAccountNamespace(s);
              yield !ns.isEmpty()
                  && identity.user().equals(Identity.SA_PREFIX + ns + ":" + s.name());
            }
            default -> false;
          };
      if (match) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "RbacIndex["
        + clusterRoles.size()
        + " cluster roles, "
        + roles.size()
        + " roles, "
        + bindings.length
        + " bindings"
        + (assumed.isEmpty() ? "" : ", " + assumed.size() + " default roles assumed")
        + "]";
  }
}
