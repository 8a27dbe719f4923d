package dev.parapet.rbac;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each subject of the cluster can become: the RBAC escalation graph and its closure.
 *
 * <p>Vertices are the users, groups and service accounts the input knows of (named in bindings,
 * ServiceAccount objects, accounts workloads run as, and the {@code default} account of every
 * namespace, which stands for the grants every account of a namespace shares). Cluster-admin power
 * is the vertex {@link #CLUSTER_ADMIN}, group {@code system:masters}: its members pass every
 * authorization check. An edge is one {@link Technique} that the source's own grants allow, with
 * those grants as evidence:
 *
 * <ul>
 *   <li>create pods or pod controllers in a namespace, or change a controller's pod template: any
 *       service account of the namespace (the pod names it and gets its token);
 *   <li>update pods, exec or attach into pods, add ephemeral containers: the service accounts of
 *       the namespace's workloads whose token is mounted; nodes/proxy: those of every namespace;
 *   <li>create serviceaccounts/token: the account; list, watch or get Secrets: the accounts whose
 *       token Secrets the input holds there; create and get Secrets: any account of the namespace
 *       (the token controller fills a service-account-token Secret created for it);
 *   <li>impersonate users, service accounts or groups: the target ({@code system:masters} among
 *       groups is cluster-admin); impersonating a group needs a user or service account to
 *       impersonate as well, as the API server requires;
 *   <li>bind, or escalate and update, roles: cluster-admin through a ClusterRoleBinding to
 *       cluster-admin or to a role of its own it may rewrite; in a namespace, full power there and
 *       so any service account of it;
 *   <li>every verb on every resource through a ClusterRoleBinding is cluster-admin.
 * </ul>
 *
 * <p>Shortest chains are found by one breadth-first search backwards from {@link #CLUSTER_ADMIN},
 * so every subject's answer costs nothing more. Immutable; computed once per inventory.
 */
public final class Escalations {
  /** Cluster-admin power: the group whose members the API server never checks. */
  public static final Subject CLUSTER_ADMIN = Subject.group(Identity.MASTERS);

  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final List<String[]> POD_MAKERS =
      List.of(
          new String[] {"", "pods"},
          new String[] {"", "replicationcontrollers"},
          new String[] {"apps", "deployments"},
          new String[] {"apps", "replicasets"},
          new String[] {"apps", "statefulsets"},
          new String[] {"apps", "daemonsets"},
          new String[] {"batch", "jobs"},
          new String[] {"batch", "cronjobs"});

  /** An attack technique on the RBAC graph; KubeHound's label where it has the same one. */
  public enum Technique {
    CLUSTER_ADMIN_GRANT("T1078", "holds every verb on every resource in every namespace"),
    ROLE_BIND("T1098", "binds itself a role with more power"),
    IDENTITY_IMPERSONATE("T1078", "sends requests as the target"),
    POD_CREATE("T1610", "starts a pod running as the service account and reads its token"),
    POD_PATCH("T1610", "changes a pod or pod template to run code as the service account"),
    POD_EXEC("T1609", "runs commands in a pod that mounts the service account's token"),
    NODE_PROXY("T1609", "runs commands through the kubelet in a pod that mounts the token"),
    TOKEN_MINT("T1528", "requests a new token for the service account"),
    TOKEN_LIST("T1552.007", "reads the Secret holding the service account's token"),
    TOKEN_BRUTEFORCE("T1552.007", "reads the service account's token Secret by its name"),
    TOKEN_FORGE("T1528", "creates a token Secret for the service account and reads it back"),
    CSR_APPROVE("T1649", "requests and approves a client certificate for group system:masters");

    private final String mitre;
    private final String summary;

    Technique(String mitre, String summary) {
      this.mitre = mitre;
      this.summary = summary;
    }

    /** The MITRE ATT&amp;CK technique id. */
    public String mitre() {
      return mitre;
    }

    public String summary() {
      return summary;
    }
  }

  /**
   * One edge: {@code from} can act as {@code to} by {@code technique}.
   *
   * @param grants the grants that allow it, in the order they are needed
   * @param detail what exactly is done, e.g. {@code create pods in namespace shop}
   */
  public record Step(
      Subject from, Technique technique, Subject to, List<Grant> grants, String detail) {
    public Step {
      // the same grant may allow two parts of a step; list it once (by identity: grants are shared)
      List<Grant> distinct = new ArrayList<>(grants.size());
      for (Grant g : grants) {
        if (distinct.stream().noneMatch(d -> d == g)) {
          distinct.add(g);
        }
      }
      grants = List.copyOf(distinct);
    }
  }

  /** The shortest chain from a subject to cluster-admin power. */
  public record Path(Subject subject, List<Step> steps) {
    public Path {
      steps = List.copyOf(steps);
    }

    /** True when the subject holds cluster-admin power outright rather than by escalating. */
    public boolean direct() {
      return steps.size() == 1 && steps.get(0).technique() == Technique.CLUSTER_ADMIN_GRANT;
    }

    /**
     * True for the cluster's own machinery: a user or group named {@code system:*}, or a chain
     * whose first step is granted only by bindings named {@code system:*} (the controllers of
     * kube-system, for instance, create pods by design).
     */
    public boolean infrastructure() {
      if (subject.kind() != Subject.Kind.SERVICE_ACCOUNT && RbacFacts.isSystem(subject.name())) {
        return true;
      }
      return steps.get(0).grants().stream().allMatch(g -> RbacFacts.isSystem(g.binding().name()));
    }

    /** True when the first step's grant names the subject itself, not a group it belongs to. */
    public boolean namedDirectly() {
      Subject named = steps.get(0).grants().get(0).subject();
      Binding b = steps.get(0).grants().get(0).binding();
      Subject resolved =
          named.kind() == Subject.Kind.SERVICE_ACCOUNT
              ? Subject.serviceAccount(b.serviceAccountNamespace(named), named.name())
              : named.key();
      return resolved.equals(subject);
    }
  }

  /** Sorts subjects: users, groups, service accounts, then by namespace and name. */
  public static final Comparator<Subject> SUBJECT_ORDER =
      Comparator.comparing(Subject::kind)
          .thenComparing(Subject::namespace)
          .thenComparing(Subject::name);

  private final List<Subject> principals;
  private final Map<Subject, List<Step>> out;
  private final Map<Subject, Step> towardsAdmin;

  private Escalations(Inventory inventory, RbacIndex index) {
    Universe u = new Universe(inventory, index);
    this.principals = List.copyOf(u.principals);
    Map<Subject, List<Step>> edges = new LinkedHashMap<>();
    // most rules (configmaps, services, reads) can take no step; decide that once per rule
    Map<PolicyRule, Boolean> relevant = new IdentityHashMap<>();
    for (Subject p : principals) {
      if (!p.equals(CLUSTER_ADMIN)) {
        List<Grant> all = index.allGrants(identityOf(p));
        List<Grant> grants = new ArrayList<>();
        for (Grant g : all) {
          if (relevant.computeIfAbsent(g.rule(), Escalations::canTakeAStep)) {
            grants.add(g);
          }
        }
        List<Step> steps = new Edges(u, index, p, grants, all).compute();
        if (!steps.isEmpty()) {
          edges.put(p, steps);
        }
      }
    }
    this.out = Collections.unmodifiableMap(edges);
    this.towardsAdmin = Collections.unmodifiableMap(backwards(edges));
  }

  /**
   * The escalation graph of an inventory's RBAC policy, with parapet's definitions of the default
   * roles where the input lacks them; computed once per inventory.
   */
  public static Escalations of(Inventory inventory) {
    return of(inventory, true);
  }

  /** As {@link #of(Inventory)}; with {@code defaultRoles} false only the input's roles count. */
  public static Escalations of(Inventory inventory, boolean defaultRoles) {
    return inventory.derived(
        defaultRoles ? Memo.WITH_DEFAULT_ROLES : Memo.INPUT_ONLY,
        inv -> new Escalations(inv, RbacIndex.of(inv, defaultRoles)));
  }

  /** Keys of the two memoized graphs. */
  private enum Memo {
    WITH_DEFAULT_ROLES,
    INPUT_ONLY
  }

  /** Every vertex, {@link #CLUSTER_ADMIN} included, in {@link #SUBJECT_ORDER}. */
  public List<Subject> principals() {
    return principals;
  }

  /** The edges leaving a subject, in the order they were found. */
  public List<Step> steps(Subject from) {
    return out.getOrDefault(from.key(), List.of());
  }

  /** Every edge of the graph, by source in {@link #SUBJECT_ORDER}. */
  public List<Step> allSteps() {
    List<Step> all = new ArrayList<>();
    for (Subject p : principals) {
      all.addAll(steps(p));
    }
    return all;
  }

  /** The shortest chain from the subject to cluster-admin power, when there is one. */
  public Optional<Path> pathToClusterAdmin(Subject subject) {
    Subject at = subject.key();
    if (!towardsAdmin.containsKey(at)) {
      return Optional.empty();
    }
    List<Step> steps = new ArrayList<>();
    while (!at.equals(CLUSTER_ADMIN)) {
      Step s = towardsAdmin.get(at);
      steps.add(s);
      at = s.to();
    }
    return Optional.of(new Path(subject.key(), steps));
  }

  /** Every subject that can reach cluster-admin power, with its shortest chain. */
  public List<Path> toClusterAdmin() {
    List<Path> paths = new ArrayList<>();
    for (Subject p : principals) {
      if (!p.equals(CLUSTER_ADMIN)) {
        pathToClusterAdmin(p).ifPresent(paths::add);
      }
    }
    return paths;
  }

  /** Every subject the given one can become, by any number of steps, itself excluded. */
  public Set<Subject> reachable(Subject from) {
    Set<Subject> seen = new LinkedHashSet<>();
    ArrayDeque<Subject> queue = new ArrayDeque<>();
    queue.add(from.key());
    while (!queue.isEmpty()) {
      for (Step s : steps(queue.poll())) {
        if (!s.to().equals(from.key()) && seen.add(s.to())) {
          queue.add(s.to());
        }
      }
    }
    return seen;
  }

  private static Map<Subject, Step> backwards(Map<Subject, List<Step>> edges) {
    Map<Subject, List<Step>> incoming = new HashMap<>();
    for (List<Step> steps : edges.values()) {
      for (Step s : steps) {
        incoming.computeIfAbsent(s.to(), k -> new ArrayList<>()).add(s);
      }
    }
    Map<Subject, Step> next = new HashMap<>();
    Set<Subject> seen = new HashSet<>();
    ArrayDeque<Subject> queue = new ArrayDeque<>();
    seen.add(CLUSTER_ADMIN);
    queue.add(CLUSTER_ADMIN);
    while (!queue.isEmpty()) {
      Subject v = queue.poll();
      for (Step s : incoming.getOrDefault(v, List.of())) {
        if (seen.add(s.from())) {
          next.put(s.from(), s);
          queue.add(s.from());
        }
      }
    }
    return next;
  }

  @Override
  public String toString() {
    return "Escalations["
        + principals.size()
        + " subjects, "
        + out.values().stream().mapToInt(List::size).sum()
        + " steps, "
        + towardsAdmin.size()
        + " reach cluster-admin]";
  }

  /** The resources a technique acts on; a rule naming none of them takes no step. */
  private static final Set<String> STEP_RESOURCES =
      Set.of(
          "pods",
          "replicationcontrollers",
          "deployments",
          "replicasets",
          "statefulsets",
          "daemonsets",
          "jobs",
          "cronjobs",
          "secrets",
          "serviceaccounts",
          "users",
          "groups",
          "nodes",
          "roles",
          "clusterroles",
          "rolebindings",
          "clusterrolebindings",
          "certificatesigningrequests",
          "signers");

  /**
   * False when no technique can use the rule: it names none of the resources they act on, or only
   * read verbs other than on Secrets. Only a shortcut: techniques still match the rule exactly.
   */
  static boolean canTakeAStep(PolicyRule r) {
    if (r.resources().isEmpty()) {
      return false;
    }
    for (String res : r.resources()) {
      int slash = res.indexOf('/');
      String base = slash < 0 ? res : res.substring(0, slash);
      if (base.equals(PolicyRule.ALL) || STEP_RESOURCES.contains(base)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a workload's pods get its service account's token: a projected serviceAccountToken
   * volume always mounts one; otherwise the pod's automountServiceAccountToken decides, else its
   * ServiceAccount's when the input holds it, else it is mounted (the API server's default).
   */
  public static boolean tokenMounted(Workload w, Inventory inventory) {
    if (projectsToken(w)) {
      return true;
    }
    return dev.parapet.model.ServiceAccountTokens.of(
            w, dev.parapet.model.ServiceAccountTokens.accounts(inventory))
        .mounted();
  }

  /** True when a projected volume of the pod carries a service account token. */
  static boolean projectsToken(Workload w) {
    for (MapNode v : w.volumes()) {
      for (MapNode source :
          v.map("projected").map(p -> Nodes.maps(p, "sources")).orElse(List.of())) {
        if (source.get("serviceAccountToken").isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The identity the authorizer sees for a subject; for a group, some member of it (a user whose
   * name no real user can have).
   */
  public static Identity identityOf(Subject s) {
    return switch (s.kind()) {
      case USER -> {
        if (s.name().equals(Identity.ANONYMOUS)) {
          yield Identity.anonymous();
        }
        yield Identity.user(s.name());
      }
      case GROUP -> {
        if (s.name().equals(Identity.UNAUTHENTICATED)) {
          yield Identity.anonymous();
        }
        // some member of the group; the name cannot collide with a real user's
        yield Identity.user("(a member of " + s.name() + ")", s.name());
      }
      case SERVICE_ACCOUNT -> Identity.serviceAccount(s.namespace(), s.name());
      default -> Identity.exactly("");
    };
  }

  /** What the input says exists: subjects, namespaces, accounts, mounted tokens, token Secrets. */
  private static final class Universe {
    final Set<String> namespaces = new TreeSet<>();
    final Map<String, Set<Subject>> accounts = new TreeMap<>();

    /** Accounts whose token is mounted in a workload, each with one such workload. */
    final Map<String, Map<Subject, K8sObject>> mounted = new TreeMap<>();

    /** Token Secrets by namespace and Secret name. */
    final Map<String, Map<String, Subject>> tokenSecrets = new TreeMap<>();

    final Set<Subject> users = new TreeSet<>(SUBJECT_ORDER);
    final Set<Subject> groups = new TreeSet<>(SUBJECT_ORDER);
    final List<Subject> principals;

    Universe(Inventory inventory, RbacIndex index) {
      for (K8sObject ns : inventory.ofKind("Namespace")) {
        namespaces.add(ns.name());
      }
      for (K8sObject sa : inventory.ofKind("ServiceAccount")) {
        addAccount(Subject.serviceAccount(sa.effectiveNamespace(), sa.name()));
      }
      for (Binding b : index.bindings()) {
        if (!b.isClusterRoleBinding()) {
          namespaces.add(b.namespace());
        }
        for (Subject s : b.subjects()) {
          switch (s.kind()) {
            case USER -> users.add(Subject.user(s.name()));
            case GROUP -> groups.add(Subject.group(s.name()));
            case SERVICE_ACCOUNT -> {
              String ns = b.serviceAccountNamespace(s);
              if (!ns.isEmpty()) {
                addAccount(Subject.serviceAccount(ns, s.name()));
              }
            }
            default -> {
              // never matches
            }
          }
        }
      }
      for (Workload w : inventory.workloads()) {
        String ns = w.object().effectiveNamespace();
        Subject sa = Subject.serviceAccount(ns, w.serviceAccountName());
        addAccount(sa);
        if (tokenMounted(w, inventory)) {
          mounted
              .computeIfAbsent(ns, k -> new TreeMap<>(SUBJECT_ORDER))
              .putIfAbsent(sa, w.object());
        }
      }
      for (K8sObject secret : inventory.ofKind("Secret")) {
        if (secret.root().string("type").orElse("").equals("kubernetes.io/service-account-token")) {
          String account = secret.annotations().get("kubernetes.io/service-account.name");
          if (account != null && !account.isEmpty()) {
            Subject sa = Subject.serviceAccount(secret.effectiveNamespace(), account);
            addAccount(sa);
            tokenSecrets
                .computeIfAbsent(secret.effectiveNamespace(), k -> new TreeMap<>())
                .putIfAbsent(secret.name(), sa);
          }
        }
      }
      namespaces.remove("");
      for (String ns : namespaces) {
        addAccount(Subject.serviceAccount(ns, "default"));
      }
      Set<Subject> all = new TreeSet<>(SUBJECT_ORDER);
      all.addAll(users);
      all.addAll(groups);
      accounts.values().forEach(all::addAll);
      all.add(CLUSTER_ADMIN);
      this.principals = new ArrayList<>(all);
    }

    private void addAccount(Subject sa) {
      if (sa.namespace().isEmpty()) {
        return;
      }
      namespaces.add(sa.namespace());
      accounts.computeIfAbsent(sa.namespace(), k -> new TreeSet<>(SUBJECT_ORDER)).add(sa);
    }

    Set<Subject> accountsIn(String ns) {
      return accounts.getOrDefault(ns, Set.of());
    }

    Map<Subject, K8sObject> mountedIn(String ns) {
      return mounted.getOrDefault(ns, Map.of());
    }
  }

  /**
   * Which grants allow a verb on a resource: one that allows it for any name, else those that allow
   * it for some names only.
   */
  private record Match(Grant any, Map<String, Grant> named) {
    static final Match NONE = new Match(null, Map.of());

    boolean some() {
      return any != null || !named.isEmpty();
    }

    /** The grant allowing the name, or null. */
    Grant forName(String name) {
      return any != null ? any : named.get(name);
    }
  }

  private record StepKey(Technique technique, Subject to) {}

  /** The edges of one subject. */
  private static final class Edges {
    private final Universe u;
    private final RbacIndex index;
    private final Subject from;
    private final Map<StepKey, Step> found = new LinkedHashMap<>();
    private final List<Grant> grants;

    /** Every grant of the subject, one per bound role at least: which roles it is bound to. */
    private final List<Grant> bound;

    Edges(Universe u, RbacIndex index, Subject from, List<Grant> grants, List<Grant> all) {
      this.u = u;
      this.index = index;
      this.from = from;
      this.grants = grants;
      this.bound = all;
    }

    List<Step> compute() {
      if (grants.isEmpty()) {
        return List.of();
      }
      List<Grant> cluster = grants.stream().filter(Grant::clusterWide).toList();
      clusterOnly(cluster);
      if (!cluster.isEmpty()) {
        namespaced(cluster, u.namespaces, null);
      }
      Map<String, List<Grant>> byNamespace = new TreeMap<>();
      for (Grant g : grants) {
        if (!g.clusterWide()) {
          byNamespace.computeIfAbsent(g.scope(), k -> new ArrayList<>(cluster)).add(g);
        }
      }
      // a Role it is bound to may be rewritten with escalate granted elsewhere
      for (Grant g : bound) {
        if (!g.clusterWide() && g.role().kind().equals("Role")) {
          byNamespace.computeIfAbsent(g.scope(), k -> new ArrayList<>(cluster));
        }
      }
      byNamespace.forEach((ns, gs) -> namespaced(gs, List.of(ns), ns));
      return List.copyOf(found.values());
    }

    private void add(Technique t, Subject to, String detail, Grant... evidence) {
      if (to.equals(from)) {
        return;
      }
      StepKey key = new StepKey(t, to);
      if (!found.containsKey(key)) {
        found.put(key, new Step(from, t, to, List.of(evidence), detail));
      }
    }

    /** Cluster-scoped techniques: those only a ClusterRoleBinding grants. */
    private void clusterOnly(List<Grant> cluster) {
      for (Grant g : cluster) {
        PolicyRule r = g.rule();
        if (r.verbs().contains(PolicyRule.ALL)
            && r.apiGroups().contains(PolicyRule.ALL)
            && r.resources().contains(PolicyRule.ALL)
            && r.resourceNames().isEmpty()) {
          add(
              Technique.CLUSTER_ADMIN_GRANT,
              CLUSTER_ADMIN,
              "every verb on every resource in every namespace",
              g);
          return;
        }
      }
      // bind cluster-admin (or any role allowing everything) with a new ClusterRoleBinding
      // (updating a binding's subjects is checked the same way as creating one)
      Grant writeCrb = null;
      for (String verb : List.of("create", "update", "patch")) {
        writeCrb = match(cluster, verb, RBAC, "clusterrolebindings", "").any();
        if (writeCrb != null) {
          break;
        }
      }
      Match bind = match(cluster, "bind", RBAC, "clusterroles", "");
      if (writeCrb != null) {
        for (String role : adminRoles(bind)) {
          add(
              Technique.ROLE_BIND,
              CLUSTER_ADMIN,
              "bind ClusterRole " + role + " to itself with a ClusterRoleBinding",
              writeCrb,
              bind.forName(role));
          break;
        }
      }
      // rewrite a ClusterRole it is bound to cluster-wide, which escalate permits
      Match escalate = match(cluster, "escalate", RBAC, "clusterroles", "");
      if (escalate.some()) {
        Match update = match(cluster, "update", RBAC, "clusterroles", "");
        Match patch = match(cluster, "patch", RBAC, "clusterroles", "");
        Set<String> seen = new HashSet<>();
        for (Grant g : bound) {
          String role = g.role().name();
          if (!g.clusterWide() || !g.role().kind().equals("ClusterRole") || !seen.add(role)) {
            continue;
          }
          Grant esc = escalate.forName(role);
          Grant upd = update.forName(role) != null ? update.forName(role) : patch.forName(role);
          if (esc != null && upd != null) {
            add(
                Technique.ROLE_BIND,
                CLUSTER_ADMIN,
                "add every permission to ClusterRole " + role + ", bound to it cluster-wide",
                upd,
                esc,
                g);
            break;
          }
        }
      }
      // a client certificate for O=system:masters, signed once approved by the controller manager
      Grant csrCreate =
          match(cluster, "create", "certificates.k8s.io", "certificatesigningrequests", "").any();
      Grant approval =
          firstAnyIn(cluster, "certificates.k8s.io", "certificatesigningrequests", "approval");
      Grant approve =
          match(cluster, "approve", "certificates.k8s.io", "signers", "")
              .forName("kubernetes.io/kube-apiserver-client");
      if (approve == null) {
        approve =
            match(cluster, "approve", "certificates.k8s.io", "signers", "")
                .forName("kubernetes.io/*");
      }
      if (csrCreate != null && approval != null && approve != null) {
        add(
            Technique.CSR_APPROVE,
            CLUSTER_ADMIN,
            "create and approve a CertificateSigningRequest for signer"
                + " kubernetes.io/kube-apiserver-client with organization system:masters",
            csrCreate,
            approval,
            approve);
      }
      // impersonation of users and groups (cluster-scoped)
      Match users = match(cluster, "impersonate", "", "users", "");
      Match accounts = match(cluster, "impersonate", "", "serviceaccounts", "");
      for (Subject user : users.some() ? u.users : Set.<Subject>of()) {
        Grant g = users.forName(user.name());
        if (g != null) {
          add(Technique.IDENTITY_IMPERSONATE, user, "impersonate user " + user.name(), g);
        }
      }
      if (users.some() || accounts.some()) {
        Grant asSomeone = users.some() ? first(users) : first(accounts);
        Match groups = match(cluster, "impersonate", "", "groups", "");
        Grant masters = groups.forName(Identity.MASTERS);
        if (masters != null) {
          add(
              Technique.IDENTITY_IMPERSONATE,
              CLUSTER_ADMIN,
              "impersonate group " + Identity.MASTERS,
              masters,
              asSomeone);
        }
        for (Subject group : u.groups) {
          Grant g = groups.forName(group.name());
          if (g != null) {
            add(
                Technique.IDENTITY_IMPERSONATE,
                group,
                "impersonate group " + group.name(),
                g,
                asSomeone);
          }
        }
      }
      // nodes/proxy reaches the kubelet of every node, and through it every pod
      Grant proxy = firstAny(cluster, "create", "nodes", "proxy", "get", "nodes", "proxy");
      if (proxy != null) {
        for (String ns : u.namespaces) {
          for (Map.Entry<Subject, K8sObject> e : u.mountedIn(ns).entrySet()) {
            add(
                Technique.NODE_PROXY,
                e.getKey(),
                "exec through nodes/proxy into a pod of " + describe(e.getValue()),
                proxy);
          }
        }
      }
    }

    /** The roles a bind grant covers that allow everything, cluster-admin first. */
    private List<String> adminRoles(Match bind) {
      List<String> out = new ArrayList<>();
      if (bind.forName(RbacFacts.CLUSTER_ADMIN) != null
          && (index.clusterRole(RbacFacts.CLUSTER_ADMIN).isEmpty()
              || allowsEverything(index.effectiveRules(RbacFacts.CLUSTER_ADMIN)))) {
        out.add(RbacFacts.CLUSTER_ADMIN);
      }
      for (String name : index.clusterRoles().keySet()) {
        if (!name.equals(RbacFacts.CLUSTER_ADMIN)
            && bind.forName(name) != null
            && allowsEverything(index.effectiveRules(name))) {
          out.add(name);
        }
      }
      return out;
    }

    private static boolean allowsEverything(List<PolicyRule> rules) {
      return rules.stream()
          .anyMatch(
              r ->
                  r.verbs().contains(PolicyRule.ALL)
                      && r.apiGroups().contains(PolicyRule.ALL)
                      && r.resources().contains(PolicyRule.ALL)
                      && r.resourceNames().isEmpty());
    }

    /**
     * Techniques inside namespaces, with the grants that apply there; {@code namespace} is the one
     * namespace of a RoleBinding scope, or null for the cluster-wide grants applied everywhere.
     */
    private void namespaced(List<Grant> gs, Iterable<String> namespaces, String namespace) {
      // new pods, or new pod templates, run as any account of the namespace
      Grant create = null;
      String made = "";
      for (String[] t : POD_MAKERS) {
        Match m = match(gs, "create", t[0], t[1], "");
        if (m.any() != null) {
          create = m.any();
          made = t[1];
          break;
        }
      }
      Grant template = null;
      String changed = "";
      for (String[] t : POD_MAKERS.subList(1, POD_MAKERS.size())) {
        Match m = match(gs, "update", t[0], t[1], "");
        if (!m.some()) {
          m = match(gs, "patch", t[0], t[1], "");
        }
        if (m.any() != null) {
          template = m.any();
          changed = t[1];
          break;
        }
      }
      Grant fullPower = namespaceAdmin(gs, namespace);
      Match mint = match(gs, "create", "", "serviceaccounts", "token");
      Match impersonate = match(gs, "impersonate", "", "serviceaccounts", "");
      Grant forgeCreate = match(gs, "create", "", "secrets", "").any();
      Match list = match(gs, "list", "", "secrets", "");
      if (!list.some()) {
        list = match(gs, "watch", "", "secrets", "");
      }
      Match get = match(gs, "get", "", "secrets", "");
      Grant forgeRead = list.any() != null ? list.any() : get.any();
      Grant exec = firstAny(gs, "create", "pods", "exec", "get", "pods", "exec");
      if (exec == null) {
        exec = firstAny(gs, "create", "pods", "attach", "get", "pods", "attach");
      }
      if (exec == null) {
        exec =
            firstAny(
                gs,
                "update",
                "pods",
                "ephemeralcontainers",
                "patch",
                "pods",
                "ephemeralcontainers");
      }
      Grant patchPods = firstAny(gs, "update", "pods", "", "patch", "pods", "");
      boolean toAccounts =
          fullPower != null
              || create != null
              || template != null
              || mint.some()
              || impersonate.some()
              || (forgeCreate != null && forgeRead != null);
      boolean toSecrets = list.some() || get.some();
      boolean toPods = exec != null || patchPods != null;
      if (!toAccounts && !toSecrets && !toPods) {
        return;
      }
      for (String ns : namespaces) {
        String where = "in namespace " + ns;
        for (Subject sa : toAccounts ? u.accountsIn(ns) : Set.<Subject>of()) {
          if (fullPower != null) {
            add(Technique.ROLE_BIND, sa, "bind a role allowing everything " + where, fullPower);
          }
          if (create != null) {
            add(Technique.POD_CREATE, sa, "create " + made + " " + where, create);
          }
          if (template != null) {
            add(
                Technique.POD_PATCH,
                sa,
                "change the pod template of " + changed + " " + where,
                template);
          }
          Grant minted = mint.forName(sa.name());
          if (minted != null) {
            add(Technique.TOKEN_MINT, sa, "create serviceaccounts/token " + where, minted);
          }
          Grant as = impersonate.forName(sa.name());
          if (as != null) {
            add(
                Technique.IDENTITY_IMPERSONATE,
                sa,
                "impersonate ServiceAccount " + sa.namespace() + "/" + sa.name(),
                as);
          }
          if (forgeCreate != null && forgeRead != null) {
            add(
                Technique.TOKEN_FORGE,
                sa,
                "create and read back a token Secret " + where,
                forgeCreate,
                forgeRead);
          }
        }
        for (Map.Entry<String, Subject> e : u.tokenSecrets.getOrDefault(ns, Map.of()).entrySet()) {
          Grant listed = list.any();
          if (listed != null) {
            add(
                Technique.TOKEN_LIST,
                e.getValue(),
                "list secrets " + where + ", " + e.getKey() + " among them",
                listed);
          } else {
            Grant got = get.forName(e.getKey());
            if (got != null) {
              add(
                  Technique.TOKEN_BRUTEFORCE,
                  e.getValue(),
                  "get secret " + ns + "/" + e.getKey(),
                  got);
            }
          }
        }
        for (Map.Entry<Subject, K8sObject> e : u.mountedIn(ns).entrySet()) {
          if (exec != null) {
            add(
                Technique.POD_EXEC,
                e.getKey(),
                "exec into a pod of " + describe(e.getValue()),
                exec);
          }
          if (patchPods != null) {
            add(
                Technique.POD_PATCH,
                e.getKey(),
                "change the image of a pod of " + describe(e.getValue()),
                patchPods);
          }
        }
      }
    }

    /**
     * A grant that lets the subject give itself every permission in a namespace: bind on roles or
     * cluster roles for any name together with create on rolebindings, or escalate and update on a
     * Role it is bound to.
     */
    private Grant namespaceAdmin(List<Grant> gs, String namespace) {
      Grant createRb = match(gs, "create", RBAC, "rolebindings", "").any();
      if (createRb != null) {
        Grant bind = match(gs, "bind", RBAC, "clusterroles", "").any();
        if (bind == null) {
          bind = match(gs, "bind", RBAC, "roles", "").any();
        }
        if (bind != null) {
          return bind;
        }
      }
      Match escalate = match(gs, "escalate", RBAC, "roles", "");
      if (namespace != null && escalate.some()) {
        Match update = match(gs, "update", RBAC, "roles", "");
        for (Grant g : bound) {
          if (g.clusterWide() || !g.scope().equals(namespace) || !g.role().kind().equals("Role")) {
            continue;
          }
          Grant esc = escalate.forName(g.role().name());
          if (esc != null && update.forName(g.role().name()) != null) {
            return esc;
          }
        }
      }
      return null;
    }

    /** A grant allowing update or patch on a subresource for any name. */
    private static Grant firstAnyIn(List<Grant> gs, String group, String resource, String sub) {
      Grant g = match(gs, "update", group, resource, sub).any();
      return g != null ? g : match(gs, "patch", group, resource, sub).any();
    }

    /** The first grant allowing either request for any name. */
    private static Grant firstAny(
        List<Grant> gs,
        String verb1,
        String res1,
        String sub1,
        String verb2,
        String res2,
        String sub2) {
      Grant g = match(gs, verb1, "", res1, sub1).any();
      return g != null ? g : match(gs, verb2, "", res2, sub2).any();
    }

    private static Grant first(Match m) {
      return m.any() != null ? m.any() : m.named().values().iterator().next();
    }

    private static Match match(
        List<Grant> gs, String verb, String group, String resource, String sub) {
      Map<String, Grant> named = null;
      ResourceRequest r = new ResourceRequest(verb, group, resource, sub, "", "");
      for (Grant g : gs) {
        PolicyRule rule = g.rule();
        if (!PolicyRule.verbMatches(rule.verbs(), verb)
            || !PolicyRule.apiGroupMatches(rule.apiGroups(), group)
            || !PolicyRule.resourceMatches(rule.resources(), r.combinedResource(), sub)) {
          continue;
        }
        if (rule.resourceNames().isEmpty()) {
          return new Match(g, Map.of());
        }
        if (named == null) {
          named = new LinkedHashMap<>();
        }
        for (String n : rule.resourceNames()) {
          named.putIfAbsent(n, g);
        }
      }
      return named == null ? Match.NONE : new Match(null, named);
    }

    private static String describe(K8sObject workload) {
      return workload.kind() + " " + workload.effectiveNamespace() + "/" + workload.name();
    }
  }
}
