package dev.parapet.perf;

import static dev.parapet.perf.ClusterGenerator.l;
import static dev.parapet.perf.ClusterGenerator.m;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes the RBAC policy of a large multi-tenant cluster as {@code kubectl get
 * namespaces,serviceaccounts,clusterroles,clusterrolebindings,roles,rolebindings -A -o yaml} prints
 * it: one {@code kind: List} document, kinds in that order, each sorted by namespace and name. That
 * is what an offline RBAC analysis of a live cluster reads; a multi-document form would be the same
 * objects cut at {@code ---}, which the scan benchmark already covers.
 *
 * <p>The cluster: platform namespaces (kube-system with the controllers' service accounts and the
 * bootstrap policy, operators such as cert-manager, Argo CD, Prometheus, Velero, each with its
 * controller ClusterRole and aggregated view/edit parts for its custom resources) and tenant
 * namespaces owned by teams, of very different sizes. A tenant namespace holds its teams' Roles
 * (read-only, developer, deployer, debugger with pods/exec, a secret manager, sometimes a full
 * namespace wildcard), the Roles each application's chart ships for its service account (leader
 * election, config and secret readers, pod managers, ...), and bindings: the team's groups to the
 * aggregated admin, edit or view ClusterRoles, Argo CD and Prometheus in every namespace, CI
 * runners to the deployer Role, and people, some of them in many bindings and most in few. About
 * one binding in twenty is a ClusterRoleBinding. A few bindings refer to roles that are gone.
 *
 * <p>The counts of Roles plus ClusterRoles, of bindings and of service accounts are exact; user and
 * group names are drawn from populations of the given sizes. The output is a function of the
 * options.
 *
 * <pre>
 * java ... dev.parapet.perf.RbacGenerator [--seed 1] [--namespaces 500] [--roles 10000]
 *     [--bindings 20000] [--service-accounts 5000] [--users 1800] [--groups 200] [--out bench-data]
 * </pre>
 *
 * writes {@code rbac-ROLES-BINDINGS.yaml}.
 */
public final class RbacGenerator {
  static final String RBAC_V1 = "rbac.authorization.k8s.io/v1";
  static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  private static final Instant EPOCH = Instant.parse("2023-06-01T08:00:00Z");
  private static final String READ = "get,list,watch";
  private static final String WRITE = "create,update,patch,delete";
  private static final String ALL_VERBS =
      "get,list,watch,create,update,patch,delete,deletecollection";
  private static final String AGG_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
  private static final String AGG_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
  private static final String AGG_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";
  private static final String AGG_SUPPORT = "acme.io/aggregate-to-support";

  /** What to generate. */
  public record Spec(
      long seed,
      int namespaces,
      int roles,
      int bindings,
      int serviceAccounts,
      int users,
      int groups) {
    /** The target set. */
    public static Spec defaults() {
      return new Spec(1, 500, 10_000, 20_000, 5_000, 1_800, 200);
    }

    String fileName() {
      return "rbac-" + roles + "-" + bindings + ".yaml";
    }
  }

  private static final String[] TEAM_WORDS = {
    "checkout",
    "payments",
    "search",
    "catalog",
    "identity",
    "ledger",
    "billing",
    "mobile",
    "web",
    "data",
    "ml",
    "recs",
    "ads",
    "fraud",
    "risk",
    "growth",
    "mail",
    "notify",
    "media",
    "video",
    "maps",
    "pricing",
    "stock",
    "orders",
    "returns",
    "support",
    "crm",
    "people",
    "finance",
    "analytics",
    "etl",
    "lake",
    "stream",
    "iot",
    "edge",
    "api",
    "gateway",
    "auth",
    "profile",
    "social",
    "chat",
    "voice",
    "docs",
    "wiki",
    "build",
    "release",
    "qa",
    "perf",
    "devx",
    "compliance",
    "legal",
    "partners",
    "vendors",
    "travel",
    "loyalty",
    "coupons",
    "reviews",
    "tax",
    "invoices",
    "shipping"
  };
  private static final String[] APP_WORDS = {
    "api",
    "web",
    "worker",
    "cron",
    "consumer",
    "producer",
    "gateway",
    "cache",
    "indexer",
    "sync",
    "scheduler",
    "importer",
    "exporter",
    "notifier",
    "renderer",
    "resizer",
    "proxy",
    "auth",
    "admin",
    "reporter",
    "migrator",
    "ingest",
    "router",
    "webhook",
    "batch",
    "stream",
    "store",
    "session"
  };
  private static final String[] FIRST = {
    "ana", "ben", "carla", "dev", "eli", "fatima", "george", "hana", "ivan", "julia", "kofi",
    "lena", "marco", "nina", "omar", "priya", "quinn", "rosa", "sam", "tariq", "uma", "victor",
    "wei", "ximena", "yusuf", "zoe", "arjun", "beatriz", "chen", "dmitri", "emma", "felix", "grace",
    "hugo", "ines", "jonas", "kim", "luca", "maya", "noah", "olga", "pablo", "rania", "sofia",
    "tom", "ulla", "vera", "will", "yara", "zeno"
  };
  private static final String[] LAST = {
    "abbott",
    "baker",
    "costa",
    "diallo",
    "evans",
    "fischer",
    "garcia",
    "huang",
    "ito",
    "jensen",
    "kowalski",
    "lopez",
    "martin",
    "nakamura",
    "okafor",
    "petrov",
    "quintero",
    "rossi",
    "silva",
    "tanaka",
    "ulrich",
    "varga",
    "weber",
    "xu",
    "young",
    "zhang",
    "ahmed",
    "berg",
    "cohen",
    "dubois",
    "eriksen",
    "ferreira",
    "gupta",
    "hansen",
    "iyer",
    "johansson",
    "kaur",
    "larsen",
    "moreau",
    "nowak",
    "olsen",
    "park",
    "reyes",
    "schmidt",
    "torres",
    "usman",
    "vogel",
    "wang",
    "yilmaz",
    "zimmer"
  };
  private static final String[] ORG_GROUPS = {
    "sre", "platform-admins", "security", "auditors", "support-l1", "support-l2", "oncall",
    "contractors", "release-managers", "finops", "data-science", "dba", "network", "observability",
    "incident-commanders", "architects", "qa-leads", "interns", "vendors-readonly", "compliance"
  };
  private static final String[] CRD_NOUNS = {
    "widgets",
    "pipelines",
    "tenants",
    "quotas",
    "feeds",
    "models",
    "datasets",
    "jobs",
    "queues",
    "topics",
    "buckets",
    "databases",
    "caches",
    "routes",
    "policies",
    "reports",
    "alerts",
    "dashboards",
    "experiments",
    "features"
  };

  /** The Roles a team may keep in each of its namespaces, most common first. */
  private static final String[] TEAM_ROLES = {
    "read-only",
    "developer",
    "deployer",
    "debugger",
    "config-editor",
    "secret-manager",
    "job-runner",
    "release-manager",
    "ingress-editor",
    "pvc-manager",
    "namespace-admin"
  };

  /** The Roles an application's chart may ship for its service account, most common first. */
  private static final String[] APP_ROLES = {
    "config-reader",
    "leader-election",
    "secrets",
    "events",
    "endpoints",
    "pod-manager",
    "status-writer",
    "lease",
    "job-launcher",
    "scaler",
    "pod-exec"
  };

  private final Spec spec;
  private final Random rnd;
  private long resourceVersion = 2_000_000;

  /** Output objects by kind, each keyed by namespace and name so that kubectl's order comes out. */
  private final Map<String, TreeMap<String, Map<String, Object>>> out = new LinkedHashMap<>();

  private final List<Team> teams = new ArrayList<>();
  private final List<String> orgGroups = new ArrayList<>();
  private final List<String> users = new ArrayList<>();
  private final List<Ns> namespaces = new ArrayList<>();
  private final List<App> apps = new ArrayList<>();
  private final List<String> crdViewers = new ArrayList<>();
  private int serviceAccounts;

  private record Team(String name, double weight, List<String> members, List<Ns> namespaces) {
    String developers() {
      return "team-" + name + "-developers";
    }

    String maintainers() {
      return "team-" + name + "-maintainers";
    }
  }

  private record Ns(String name, Team team, String env, double weight, List<App> apps) {}

  private record App(Ns ns, String name, double weight) {}

  private RbacGenerator(Spec spec) {
    this.spec = spec;
    this.rnd = new Random(spec.seed());
    for (String kind :
        List.of(
            "Namespace",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding")) {
      out.put(kind, new TreeMap<>());
    }
  }

  public static void main(String[] args) throws IOException {
    Spec d = Spec.defaults();
    long seed = d.seed();
    int namespaces = d.namespaces();
    int roles = d.roles();
    int bindings = d.bindings();
    int sas = d.serviceAccounts();
    int users = d.users();
    int groups = d.groups();
    Path dir = Path.of("bench-data");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--namespaces" -> namespaces = number(args[++i]);
        case "--roles" -> roles = number(args[++i]);
        case "--bindings" -> bindings = number(args[++i]);
        case "--service-accounts" -> sas = number(args[++i]);
        case "--users" -> users = number(args[++i]);
        case "--groups" -> groups = number(args[++i]);
        case "--out" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Spec spec = new Spec(seed, namespaces, roles, bindings, sas, users, groups);
    Files.createDirectories(dir);
    Path file = dir.resolve(spec.fileName());
    Map<String, Integer> counts;
    try (Writer w =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
      counts = write(spec, w);
    }
    System.out.printf("%s: %,d bytes%n", file, Files.size(file));
    counts.forEach((k, v) -> System.out.printf("  %-19s %,7d%n", k, v));
  }

  private static int number(String s) {
    return Integer.parseInt(s.replace("_", ""));
  }

  /** Writes the List document; returns the number of objects of each kind. */
  public static Map<String, Integer> write(Spec spec, Appendable w) {
    RbacGenerator g = new RbacGenerator(spec);
    g.generate();
    Map<String, Integer> counts = new LinkedHashMap<>();
    try {
      w.append("apiVersion: v1\nitems:\n");
      for (Map.Entry<String, TreeMap<String, Map<String, Object>>> kind : g.out.entrySet()) {
        counts.put(kind.getKey(), kind.getValue().size());
        for (Map<String, Object> o : kind.getValue().values()) {
          w.append("- ");
          ClusterGenerator.Yaml.mapBody(w, o, 2, true);
        }
      }
      w.append("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  /** The List document as a string, for tests. */
  public static String list(Spec spec) {
    StringBuilder sb = new StringBuilder();
    write(spec, sb);
    return sb.toString();
  }

  // --- population ------------------------------------------------------------------------------

  private void generate() {
    population();
    int clusterRoleTarget = Math.max(1, spec.roles() / 10);
    int crbTarget = Math.max(1, spec.bindings() / 20);

    bootstrap();
    operators();
    appServiceAccounts();
    orgClusterRoles();
    teamClusterRoles();
    int crdRoles = clusterRoleTarget - count("ClusterRole");
    crdClusterRoles(Math.max(0, crdRoles));
    aggregate();

    platformRoles();
    teamRoles();
    int appRoles = spec.roles() - count("ClusterRole") - count("Role");
    if (appRoles < 0) {
      throw new IllegalArgumentException(
          "--roles "
              + spec.roles()
              + " is too few for "
              + spec.namespaces()
              + " namespaces: the platform and team roles alone are "
              + (spec.roles() - appRoles));
    }
    List<String[]> appRoleList = appRoles(appRoles);

    clusterRoleBindings(crbTarget);
    appRoleBindings(appRoleList);
    namespaceBindings();
    brokenBindings();
    int people = spec.bindings() - count("ClusterRoleBinding") - count("RoleBinding");
    if (people < 0) {
      throw new IllegalArgumentException(
          "--bindings "
              + spec.bindings()
              + " is too few: the structural bindings alone are "
              + (spec.bindings() - people));
    }
    peopleBindings(people);
  }

  private void population() {
    int teamCount = Math.max(1, Math.min(TEAM_WORDS.length, spec.groups() / 3));
    for (int i = 0; i < teamCount; i++) {
      // a few large teams and a long tail of small ones
      double w = 1 / Math.pow(i + 1, 0.7);
      teams.add(new Team(TEAM_WORDS[i], w, new ArrayList<>(), new ArrayList<>()));
    }
    for (int i = 0; orgGroups.size() < spec.groups() - 2 * teamCount; i++) {
      orgGroups.add(
          i < ORG_GROUPS.length
              ? ORG_GROUPS[i]
              : "project-" + TEAM_WORDS[i % TEAM_WORDS.length] + "-" + (i / TEAM_WORDS.length));
    }
    // technical users first: certificates and tokens the platform hands out
    List<String> technical =
        List.of(
            "kubernetes-admin",
            "ci-bot",
            "backup-bot",
            "system:kube-proxy",
            "system:kube-controller-manager",
            "system:kube-scheduler",
            "breakglass-admin",
            "vault-kubernetes-auth");
    for (String u : technical) {
      if (users.size() < spec.users()) {
        users.add(u);
      }
    }
    List<String> people = new ArrayList<>();
    for (String f : FIRST) {
      for (String lastName : LAST) {
        people.add(f + "." + lastName + "@example.com");
      }
    }
    Collections.shuffle(people, rnd);
    for (int i = 0; users.size() < spec.users(); i++) {
      users.add(i < people.size() ? people.get(i) : "user" + i + "@example.com");
    }
    double[] teamWeights = teams.stream().mapToDouble(Team::weight).toArray();
    for (int i = technical.size(); i < users.size(); i++) {
      teams.get(pick(teamWeights)).members().add(users.get(i));
      if (rnd.nextInt(20) == 0) {
        teams.get(pick(teamWeights)).members().add(users.get(i));
      }
    }
    for (Team t : teams) {
      if (t.members().isEmpty()) {
        t.members().add(users.get(technical.size() + rnd.nextInt(users.size() - technical.size())));
      }
    }

    List<String> platform =
        List.of(
            "kube-system",
            "kube-public",
            "kube-node-lease",
            "default",
            "monitoring",
            "logging",
            "ingress-nginx",
            "cert-manager",
            "argocd",
            "gitlab-runner",
            "external-secrets",
            "istio-system",
            "gatekeeper-system",
            "velero",
            "kyverno",
            "keda",
            "tekton-pipelines",
            "external-dns",
            "vault",
            "security-scanner");
    for (String p : platform) {
      if (namespaces.size() < spec.namespaces()) {
        namespaces.add(new Ns(p, null, "platform", 0, new ArrayList<>()));
      }
    }
    Set<String> names = new HashSet<>(platform);
    String[] envs = {"prod", "prod", "staging", "staging", "dev", "dev", "dev", "sandbox"};
    while (namespaces.size() < spec.namespaces()) {
      Team t = teams.get(pick(teamWeights));
      String env = envs[rnd.nextInt(envs.length)];
      String base =
          rnd.nextInt(3) == 0
              ? t.name() + "-" + env
              : t.name() + "-" + APP_WORDS[rnd.nextInt(APP_WORDS.length)] + "-" + env;
      String name = base;
      for (int k = 2; !names.add(name); k++) {
        name = base + "-" + k;
      }
      // namespace sizes are heavy-tailed: most hold a handful of apps, a few hold dozens
      double weight = Math.exp(rnd.nextGaussian() * 0.9);
      Ns ns = new Ns(name, t, env, weight, new ArrayList<>());
      namespaces.add(ns);
      t.namespaces().add(ns);
    }
    for (Ns ns : namespaces) {
      Map<String, Object> labels = m("kubernetes.io/metadata.name", ns.name());
      if (ns.team() != null) {
        labels.put("acme.io/team", ns.team().name());
        labels.put("acme.io/env", ns.env());
        labels.put("pod-security.kubernetes.io/enforce", "baseline");
      }
      Map<String, Object> o = object("v1", "Namespace", null, ns.name(), labels, null);
      o.put("spec", m("finalizers", l("kubernetes")));
      o.put("status", m("phase", "Active"));
      add(o);
      serviceAccount(ns.name(), "default", null);
    }
  }

  /** Application service accounts, spread over tenant namespaces by size; platform ones first. */
  private void appServiceAccounts() {
    List<Ns> tenants = namespaces.stream().filter(n -> n.team() != null).toList();
    int remaining = spec.serviceAccounts() - serviceAccounts;
    if (tenants.isEmpty() || remaining < tenants.size()) {
      throw new IllegalArgumentException(
          "--service-accounts " + spec.serviceAccounts() + " is too few for the namespaces");
    }
    int[] per = apportion(tenants.stream().mapToDouble(Ns::weight).toArray(), remaining, 1);
    for (int i = 0; i < tenants.size(); i++) {
      Ns ns = tenants.get(i);
      Set<String> taken = new HashSet<>();
      for (int a = 0; a < per[i]; a++) {
        String base =
            a == 0 && rnd.nextBoolean()
                ? ns.team().name()
                : ns.team().name() + "-" + APP_WORDS[rnd.nextInt(APP_WORDS.length)];
        String name = base;
        for (int k = 2; !taken.add(name); k++) {
          name = base + "-" + k;
        }
        App app = new App(ns, name, Math.exp(rnd.nextGaussian() * 0.7));
        ns.apps().add(app);
        apps.add(app);
        serviceAccount(ns.name(), name, helmLabels(name, ns.team().name()));
      }
    }
  }

  // --- cluster roles ---------------------------------------------------------------------------

  /** A condensed bootstrap policy: the roles every cluster has, and kube-system's controllers. */
  private void bootstrap() {
    clusterRole("cluster-admin", true, null, rule("*", "*", "*"), nonResource("*", "*"));
    aggregated("admin", AGG_ADMIN, null);
    aggregated("edit", AGG_EDIT, m(AGG_ADMIN, "true"));
    aggregated("view", AGG_VIEW, m(AGG_EDIT, "true"));
    clusterRole(
        "system:aggregate-to-admin",
        true,
        m(AGG_ADMIN, "true"),
        rule("authorization.k8s.io", "localsubjectaccessreviews", "create"),
        rule(RBAC_GROUP, "rolebindings,roles", ALL_VERBS));
    clusterRole(
        "system:aggregate-to-edit",
        true,
        m(AGG_EDIT, "true"),
        rule("", "pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy", READ),
        rule("", "serviceaccounts", "impersonate"),
        rule(
            "",
            "pods,pods/attach,pods/exec,pods/portforward,pods/proxy",
            WRITE + ",deletecollection"),
        rule(
            "",
            "configmaps,events,persistentvolumeclaims,replicationcontrollers,"
                + "replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy",
            WRITE + ",deletecollection"),
        rule("", "serviceaccounts/token", "create"),
        rule(
            "apps",
            "daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,"
                + "replicasets/scale,statefulsets,statefulsets/scale",
            WRITE + ",deletecollection"),
        rule("autoscaling", "horizontalpodautoscalers", WRITE + ",deletecollection"),
        rule("batch", "cronjobs,jobs", WRITE + ",deletecollection"),
        rule("networking.k8s.io", "ingresses,networkpolicies", WRITE + ",deletecollection"),
        rule("policy", "poddisruptionbudgets", WRITE + ",deletecollection"),
        rule("coordination.k8s.io", "leases", WRITE + ",deletecollection"));
    clusterRole(
        "system:aggregate-to-view",
        true,
        m(AGG_VIEW, "true"),
        rule(
            "",
            "configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,"
                + "replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,"
                + "services/status",
            READ),
        rule(
            "",
            "bindings,events,limitranges,namespaces/status,pods/log,pods/status,"
                + "replicationcontrollers/status,resourcequotas,resourcequotas/status",
            READ),
        rule("", "namespaces", READ),
        rule("discovery.k8s.io", "endpointslices", READ),
        rule(
            "apps",
            "controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,"
                + "deployments/status,replicasets,replicasets/scale,replicasets/status,"
                + "statefulsets,statefulsets/scale,statefulsets/status",
            READ),
        rule("autoscaling", "horizontalpodautoscalers,horizontalpodautoscalers/status", READ),
        rule("batch", "cronjobs,cronjobs/status,jobs,jobs/status", READ),
        rule("networking.k8s.io", "ingresses,ingresses/status,networkpolicies", READ),
        rule("policy", "poddisruptionbudgets,poddisruptionbudgets/status", READ));
    clusterRole(
        "system:basic-user",
        true,
        null,
        rule("authorization.k8s.io", "selfsubjectaccessreviews,selfsubjectrulesreviews", "create"),
        rule("authentication.k8s.io", "selfsubjectreviews", "create"));
    clusterRole(
        "system:discovery",
        true,
        null,
        nonResource(
            "/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/",
            "get"));
    clusterRole(
        "system:public-info-viewer",
        true,
        null,
        nonResource("/healthz,/livez,/readyz,/version,/version/", "get"));
    clusterRole(
        "system:monitoring",
        true,
        null,
        nonResource(
            "/healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/*", "get"));
    clusterRole(
        "system:node",
        true,
        null,
        rule("authentication.k8s.io", "tokenreviews", "create"),
        rule("authorization.k8s.io", "localsubjectaccessreviews,subjectaccessreviews", "create"),
        rule("", "services", READ),
        rule("", "nodes", "create,get,list,watch,patch,update"),
        rule("", "nodes/status", "patch,update"),
        rule("", "events", "create,patch,update"),
        rule("", "pods", "get,list,watch,create,delete"),
        rule("", "pods/status", "patch,update"),
        rule("", "pods/eviction", "create"),
        rule("", "configmaps,secrets", "get,list,watch"),
        rule("", "persistentvolumeclaims,persistentvolumes", "get"),
        rule("", "endpoints", "get"),
        rule("certificates.k8s.io", "certificatesigningrequests", "create,get,list,watch"),
        rule("coordination.k8s.io", "leases", "create,delete,get,patch,update"),
        rule("", "serviceaccounts/token", "create"));
    clusterRole(
        "system:node-proxier",
        true,
        null,
        rule("", "endpoints,services", "list,watch"),
        rule("", "nodes", "get,list,watch"),
        rule("", "events", "create,patch,update"),
        rule("discovery.k8s.io", "endpointslices", "list,watch"));
    clusterRole(
        "system:kube-scheduler",
        true,
        null,
        rule("", "events", "create,patch,update"),
        rule("coordination.k8s.io", "leases", "create"),
        named("coordination.k8s.io", "leases", "get,update", "kube-scheduler"),
        rule("", "nodes", READ),
        rule("", "pods", "delete,get,list,watch"),
        rule("", "bindings,pods/binding", "create"),
        rule("", "pods/status", "patch,update"),
        rule("", "persistentvolumeclaims,persistentvolumes,replicationcontrollers,services", READ),
        rule("apps", "replicasets,statefulsets", READ),
        rule("policy", "poddisruptionbudgets", READ),
        rule("authentication.k8s.io", "tokenreviews", "create"),
        rule("authorization.k8s.io", "subjectaccessreviews", "create"),
        rule("storage.k8s.io", "csinodes,csidrivers,csistoragecapacities,storageclasses", READ));
    clusterRole(
        "system:kube-controller-manager",
        true,
        null,
        rule("", "events", "create,patch,update"),
        rule("coordination.k8s.io", "leases", "create"),
        named("coordination.k8s.io", "leases", "get,update", "kube-controller-manager"),
        rule("", "secrets,serviceaccounts", "create"),
        rule("", "secrets", "delete"),
        rule("", "configmaps,namespaces,secrets,serviceaccounts", "get"),
        rule("", "secrets,serviceaccounts", "update"),
        rule("authentication.k8s.io", "tokenreviews", "create"),
        rule("authorization.k8s.io", "subjectaccessreviews", "create"),
        rule("*", "*", "list,watch"),
        rule("", "serviceaccounts/token", "create"));
    clusterRole(
        "system:auth-delegator",
        true,
        null,
        rule("authentication.k8s.io", "tokenreviews", "create"),
        rule("authorization.k8s.io", "subjectaccessreviews", "create"));
    clusterRole(
        "system:volume-scheduler",
        true,
        null,
        rule("", "persistentvolumes", "get,list,patch,update,watch"),
        rule("storage.k8s.io", "storageclasses", READ),
        rule("", "persistentvolumeclaims", "get,list,patch,update,watch"));
    clusterRole(
        "system:coredns",
        false,
        null,
        rule("", "endpoints,services,pods,namespaces", "list,watch"),
        rule("discovery.k8s.io", "endpointslices", "list,watch"));
    clusterRole(
        "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
        true,
        null,
        rule("certificates.k8s.io", "certificatesigningrequests/nodeclient", "create"));
    clusterRole(
        "system:node-bootstrapper",
        true,
        null,
        rule("certificates.k8s.io", "certificatesigningrequests", "create,get,list,watch"));
    clusterRole(
        "system:metrics-server",
        false,
        null,
        rule("", "nodes/metrics", "get"),
        rule("", "pods,nodes", READ));
    clusterRole(
        "system:aggregated-metrics-reader",
        false,
        m(AGG_VIEW, "true", AGG_EDIT, "true", AGG_ADMIN, "true"),
        rule("metrics.k8s.io", "pods,nodes", READ));

    // kube-system's controllers: each its service account, ClusterRole and binding
    String[][] controllers = {
      {"attachdetach-controller", "", "persistentvolumes,persistentvolumeclaims,nodes,pods", READ},
      {
        "clusterrole-aggregation-controller",
        RBAC_GROUP,
        "clusterroles",
        "escalate,get,list,patch,update,watch"
      },
      {"cronjob-controller", "batch", "cronjobs,jobs", ALL_VERBS},
      {"daemon-set-controller", "", "pods", "create,delete,list,patch,watch"},
      {"deployment-controller", "apps", "deployments,replicasets", ALL_VERBS},
      {
        "disruption-controller",
        "policy",
        "poddisruptionbudgets,poddisruptionbudgets/status",
        READ + ",update"
      },
      {
        "endpoint-controller", "", "endpoints,endpoints/restricted", "create,delete,get,list,update"
      },
      {
        "endpointslice-controller",
        "discovery.k8s.io",
        "endpointslices",
        "create,delete,get,list,update"
      },
      {"ephemeral-volume-controller", "", "persistentvolumeclaims", "create,get,list,watch"},
      {
        "expand-controller",
        "",
        "persistentvolumes,persistentvolumeclaims/status",
        "get,list,patch,update,watch"
      },
      {"generic-garbage-collector", "*", "*", "delete,get,list,patch,update,watch"},
      {"horizontal-pod-autoscaler", "*", "*/scale", "get,update"},
      {"job-controller", "", "pods", "create,delete,list,patch,watch"},
      {"namespace-controller", "*", "*", "delete,deletecollection,get,list"},
      {"node-controller", "", "nodes,pods", "delete,get,list,patch,update"},
      {
        "persistent-volume-binder",
        "",
        "persistentvolumes,persistentvolumeclaims,pods",
        "create,delete,get,list,update,watch"
      },
      {"pod-garbage-collector", "", "pods,nodes", "delete,list,watch,get"},
      {"pv-protection-controller", "", "persistentvolumes", "get,list,update,watch"},
      {"pvc-protection-controller", "", "persistentvolumeclaims,pods", "get,list,update,watch"},
      {"replicaset-controller", "", "pods", "create,delete,list,patch,watch"},
      {
        "replication-controller",
        "",
        "replicationcontrollers,pods",
        "create,delete,get,list,update,watch"
      },
      {"resourcequota-controller", "*", "*", "list,watch"},
      {"root-ca-cert-publisher", "", "configmaps", "create,update"},
      {"route-controller", "", "nodes,nodes/status", "list,patch"},
      {"service-account-controller", "", "serviceaccounts", "create"},
      {"service-controller", "", "services,services/status,nodes", "get,list,patch,update,watch"},
      {
        "statefulset-controller",
        "",
        "pods,persistentvolumeclaims",
        "create,delete,get,patch,update"
      },
      {"ttl-after-finished-controller", "batch", "jobs", "delete,get,list,watch"},
      {"ttl-controller", "", "nodes", "list,patch,update,watch"},
      {
        "certificate-controller",
        "certificates.k8s.io",
        "certificatesigningrequests,certificatesigningrequests/approval,certificatesigningrequests/status",
        "delete,get,list,update,watch"
      },
    };
    for (String[] c : controllers) {
      String role = "system:controller:" + c[0];
      clusterRole(
          role, true, null, rule(c[1], c[2], c[3]), rule("", "events", "create,patch,update"));
      serviceAccount("kube-system", c[0], null);
      clusterRoleBinding(role, role, true, sa("kube-system", c[0]));
    }
    for (String s :
        List.of(
            "coredns",
            "kube-proxy",
            "metrics-server",
            "cloud-controller-manager",
            "ebs-csi-controller-sa",
            "cluster-autoscaler")) {
      serviceAccount("kube-system", s, null);
    }
    clusterRoleBinding("cluster-admin", "cluster-admin", true, group("system:masters"));
    clusterRoleBinding(
        "system:basic-user", "system:basic-user", true, group("system:authenticated"));
    clusterRoleBinding("system:discovery", "system:discovery", true, group("system:authenticated"));
    clusterRoleBinding(
        "system:public-info-viewer",
        "system:public-info-viewer",
        true,
        group("system:authenticated"),
        group("system:unauthenticated"));
    clusterRoleBinding("system:monitoring", "system:monitoring", true, group("system:monitoring"));
    clusterRoleBinding("system:node", "system:node", true);
    clusterRoleBinding(
        "system:node-proxier", "system:node-proxier", true, user("system:kube-proxy"));
    clusterRoleBinding(
        "system:kube-scheduler", "system:kube-scheduler", true, user("system:kube-scheduler"));
    clusterRoleBinding(
        "system:kube-controller-manager",
        "system:kube-controller-manager",
        true,
        user("system:kube-controller-manager"));
    clusterRoleBinding(
        "system:volume-scheduler", "system:volume-scheduler", true, user("system:kube-scheduler"));
    clusterRoleBinding("system:coredns", "system:coredns", false, sa("kube-system", "coredns"));
    clusterRoleBinding(
        "system:metrics-server",
        "system:metrics-server",
        false,
        sa("kube-system", "metrics-server"));
    clusterRoleBinding(
        "metrics-server:system:auth-delegator",
        "system:auth-delegator",
        false,
        sa("kube-system", "metrics-server"));
    clusterRoleBinding(
        "kubeadm:node-proxier", "system:node-proxier", false, sa("kube-system", "kube-proxy"));
    clusterRoleBinding(
        "kubeadm:kubelet-bootstrap",
        "system:node-bootstrapper",
        false,
        group("system:bootstrappers:kubeadm:default-node-token"));
    clusterRoleBinding(
        "kubeadm:node-autoapprove-bootstrap",
        "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
        false,
        group("system:bootstrappers:kubeadm:default-node-token"));
    clusterRoleBinding(
        "kubeadm:get-nodes",
        "system:node",
        false,
        group("system:bootstrappers:kubeadm:default-node-token"));
    clusterRoleBinding(
        "kubeadm:cluster-admins", "cluster-admin", false, group("kubeadm:cluster-admins"));
    clusterRole(
        "cluster-autoscaler",
        false,
        null,
        rule("", "events,endpoints", "create,patch"),
        rule("", "pods/eviction", "create"),
        rule(
            "",
            "pods,services,replicationcontrollers,persistentvolumeclaims,persistentvolumes",
            READ),
        rule("", "nodes", READ + ",update"),
        rule("apps", "daemonsets,replicasets,statefulsets", READ),
        rule("policy", "poddisruptionbudgets", READ),
        rule("storage.k8s.io", "storageclasses,csinodes,csidrivers,csistoragecapacities", READ),
        rule("coordination.k8s.io", "leases", "create,get,update"));
    clusterRoleBinding(
        "cluster-autoscaler", "cluster-autoscaler", false, sa("kube-system", "cluster-autoscaler"));
  }

  /** Operators: controller role and binding, aggregated parts for their custom resources. */
  @SuppressWarnings("unchecked")
  private void operators() {
    // namespace, service account, API group, resources, how the controller role is written
    String[][] ops = {
      {
        "cert-manager",
        "cert-manager",
        "cert-manager.io",
        "certificates,certificaterequests,issuers,clusterissuers",
        "secrets"
      },
      {"cert-manager", "cert-manager-cainjector", "", "", "cainjector"},
      {
        "argocd",
        "argocd-application-controller",
        "argoproj.io",
        "applications,appprojects,applicationsets",
        "wildcard"
      },
      {"argocd", "argocd-server", "", "", "reader"},
      {
        "monitoring",
        "prometheus-operator",
        "monitoring.coreos.com",
        "prometheuses,alertmanagers,servicemonitors,podmonitors,prometheusrules,probes",
        "operator"
      },
      {"monitoring", "kube-state-metrics", "", "", "reader"},
      {"monitoring", "prometheus-k8s", "", "", "scraper"},
      {"monitoring", "grafana", "", "", "none"},
      {"monitoring", "node-exporter", "", "", "none"},
      {"monitoring", "alertmanager-main", "", "", "none"},
      {"logging", "fluent-bit", "", "", "podreader"},
      {"logging", "loki", "", "", "none"},
      {"ingress-nginx", "ingress-nginx", "networking.k8s.io", "", "ingress"},
      {
        "external-secrets",
        "external-secrets",
        "external-secrets.io",
        "externalsecrets,secretstores,clustersecretstores,pushsecrets",
        "secrets"
      },
      {"external-secrets", "external-secrets-webhook", "", "", "none"},
      {
        "istio-system",
        "istiod",
        "networking.istio.io",
        "virtualservices,destinationrules,gateways,serviceentries,sidecars",
        "secrets"
      },
      {"istio-system", "istio-ingressgateway", "", "", "none"},
      {"gatekeeper-system", "gatekeeper-admin", "constraints.gatekeeper.sh", "*", "wildcard-read"},
      {
        "velero",
        "velero",
        "velero.io",
        "backups,restores,schedules,backupstoragelocations",
        "cluster-admin"
      },
      {
        "kyverno",
        "kyverno",
        "kyverno.io",
        "policies,clusterpolicies,policyexceptions,updaterequests",
        "wildcard-read"
      },
      {"kyverno", "kyverno-background-controller", "", "", "pods"},
      {
        "keda",
        "keda-operator",
        "keda.sh",
        "scaledobjects,scaledjobs,triggerauthentications",
        "scaler"
      },
      {
        "tekton-pipelines",
        "tekton-pipelines-controller",
        "tekton.dev",
        "pipelines,pipelineruns,tasks,taskruns",
        "pods"
      },
      {
        "tekton-pipelines",
        "tekton-triggers",
        "triggers.tekton.dev",
        "eventlisteners,triggerbindings,triggertemplates",
        "impersonate"
      },
      {"external-dns", "external-dns", "externaldns.k8s.io", "dnsendpoints", "reader"},
      {"vault", "vault-agent-injector", "", "", "webhook"},
      {"vault", "vault", "", "", "auth-delegator"},
      {"gitlab-runner", "runner", "", "", "none"},
      {"gitlab-runner", "runner-admin", "", "", "none"},
      {
        "security-scanner",
        "trivy-operator",
        "aquasecurity.github.io",
        "vulnerabilityreports,configauditreports,exposedsecretreports",
        "secrets"
      },
      {"default", "legacy-jenkins", "", "", "none"},
    };
    for (String[] op : ops) {
      String ns = op[0];
      String saName = op[1];
      String group = op[2];
      String crds = op[3];
      serviceAccount(ns, saName, helmLabels(saName, ns));
      List<Map<String, Object>> rules = new ArrayList<>();
      if (!group.isEmpty() && !crds.isEmpty()) {
        rules.add(rule(group, crds + "," + statusOf(crds), ALL_VERBS));
      }
      switch (op[4]) {
        case "secrets" -> {
          rules.add(rule("", "secrets", ALL_VERBS));
          rules.add(rule("", "events", "create,patch"));
          rules.add(rule("", "configmaps,services,pods", READ));
        }
        case "cainjector" -> {
          rules.add(rule("", "secrets", READ));
          rules.add(
              rule(
                  "admissionregistration.k8s.io",
                  "validatingwebhookconfigurations,mutatingwebhookconfigurations",
                  READ + ",update,patch"));
          rules.add(
              rule("apiextensions.k8s.io", "customresourcedefinitions", READ + ",update,patch"));
        }
        case "wildcard" -> {
          rules.add(rule("*", "*", "*"));
          rules.add(nonResource("*", "*"));
        }
        case "reader" -> rules.add(rule("*", "*", READ));
        case "operator" -> {
          rules.add(rule("apps", "statefulsets", ALL_VERBS));
          rules.add(rule("", "configmaps,secrets", ALL_VERBS));
          rules.add(rule("", "pods", "list,delete"));
          rules.add(rule("", "services,services/finalizers,endpoints", "get,create,update,delete"));
          rules.add(rule("", "nodes,namespaces", "list,watch"));
        }
        case "scraper" -> {
          rules.add(rule("", "nodes/metrics", "get"));
          rules.add(nonResource("/metrics,/metrics/cadvisor", "get"));
        }
        case "podreader" -> rules.add(rule("", "namespaces,pods", READ));
        case "ingress" -> {
          rules.add(rule("", "configmaps,endpoints,nodes,pods,secrets,namespaces", "list,watch"));
          rules.add(rule("", "services", READ));
          rules.add(rule("networking.k8s.io", "ingresses,ingressclasses", READ));
          rules.add(rule("networking.k8s.io", "ingresses/status", "update"));
          rules.add(rule("discovery.k8s.io", "endpointslices", "list,watch,get"));
        }
        case "wildcard-read" -> {
          rules.add(rule("*", "*", READ));
          rules.add(
              rule(
                  "admissionregistration.k8s.io",
                  "validatingwebhookconfigurations,mutatingwebhookconfigurations",
                  "*"));
        }
        case "pods" -> {
          rules.add(rule("", "pods", ALL_VERBS));
          rules.add(rule("", "pods/log", "get"));
          rules.add(rule("", "configmaps,secrets,persistentvolumeclaims", READ));
          rules.add(rule("", "serviceaccounts", "get"));
        }
        case "scaler" -> {
          rules.add(rule("*", "*/scale", "get,list,watch,update,patch"));
          rules.add(rule("", "configmaps,secrets", READ));
          rules.add(rule("batch", "jobs", ALL_VERBS));
        }
        case "impersonate" -> {
          rules.add(rule("", "serviceaccounts", "impersonate"));
          rules.add(rule("", "configmaps,secrets", READ));
        }
        case "webhook" ->
            rules.add(
                rule(
                    "admissionregistration.k8s.io",
                    "mutatingwebhookconfigurations",
                    READ + ",patch"));
        case "auth-delegator" -> {
          rules.add(rule("authentication.k8s.io", "tokenreviews", "create"));
          rules.add(rule("", "serviceaccounts/token", "create"));
        }
        default -> {
          // cluster-admin, or nothing cluster-wide
        }
      }
      if (op[4].equals("cluster-admin")) {
        clusterRoleBinding(saName, "cluster-admin", false, sa(ns, saName));
      } else if (!rules.isEmpty()) {
        clusterRole(saName, false, helmLabels(saName, ns), rules.toArray(Map[]::new));
        clusterRoleBinding(saName, saName, false, sa(ns, saName));
      }
      if (!group.isEmpty() && !crds.isEmpty() && !crds.equals("*")) {
        clusterRole(
            saName + "-view",
            false,
            m(AGG_VIEW, "true", AGG_SUPPORT, "true"),
            rule(group, crds, READ));
        clusterRole(
            saName + "-edit",
            false,
            m(AGG_EDIT, "true", AGG_ADMIN, "true"),
            rule(group, crds, WRITE + ",deletecollection"));
        crdViewers.add(saName + "-view");
      }
      if (!op[4].equals("none")) {
        // controllers elect a leader in their own namespace
        String role = saName + "-leader-election";
        role(
            ns,
            role,
            helmLabels(saName, ns),
            rule("coordination.k8s.io", "leases", "get,create,update,patch"),
            rule("", "events", "create,patch"));
        roleBinding(ns, role, "Role", role, sa(ns, saName));
      }
    }
    aggregated("acme:support", AGG_SUPPORT, null);
    clusterRole(
        "acme:support-core",
        false,
        m(AGG_SUPPORT, "true"),
        rule("", "pods,pods/log,events,services,endpoints,configmaps", READ),
        rule("apps", "deployments,replicasets,statefulsets,daemonsets", READ),
        rule("", "pods", "delete"));
    clusterRole(
        "acme:support-restarts",
        false,
        m(AGG_SUPPORT, "true"),
        rule("apps", "deployments,statefulsets", "patch"));
  }

  private static String statusOf(String resources) {
    StringBuilder sb = new StringBuilder();
    for (String r : resources.split(",")) {
      if (!r.equals("*")) {
        sb.append(sb.length() == 0 ? "" : ",").append(r).append("/status");
      }
    }
    return sb.length() == 0 ? "*" : sb.toString();
  }

  /** Organisation-wide ClusterRoles bound cluster-wide or per namespace. */
  private void orgClusterRoles() {
    clusterRole("namespace-lister", false, null, rule("", "namespaces", "get,list"));
    clusterRole(
        "node-viewer",
        false,
        null,
        rule("", "nodes,nodes/status", READ),
        rule("metrics.k8s.io", "nodes", READ));
    clusterRole("pod-log-reader", false, null, rule("", "pods,pods/log", READ));
    clusterRole("secret-reader", false, null, rule("", "secrets", READ));
    clusterRole(
        "pod-debugger",
        false,
        null,
        rule("", "pods,pods/log", READ),
        rule("", "pods/exec,pods/attach,pods/portforward", "create,get"),
        rule("", "pods/ephemeralcontainers", "update,patch"));
    clusterRole(
        "deployer",
        false,
        null,
        rule("apps", "deployments,statefulsets,daemonsets,replicasets", ALL_VERBS),
        rule("", "services,configmaps,serviceaccounts", ALL_VERBS),
        rule("batch", "jobs,cronjobs", ALL_VERBS),
        rule("networking.k8s.io", "ingresses", ALL_VERBS));
    clusterRole("ci-deployer", false, null, rule("*", "*", ALL_VERBS));
    clusterRole("break-glass", false, null, rule("*", "*", "*"));
    clusterRole(
        "security-auditor",
        false,
        null,
        rule("*", "*", READ),
        nonResource("/metrics,/version", "get"));
    clusterRole(
        "cost-reporter",
        false,
        null,
        rule("", "pods,namespaces,nodes,persistentvolumes,persistentvolumeclaims", READ),
        rule("apps", "*", READ));
    clusterRole(
        "crd-viewer", false, null, rule("apiextensions.k8s.io", "customresourcedefinitions", READ));
    clusterRole("pvc-cleaner", false, null, rule("", "persistentvolumeclaims", "list,delete"));
    clusterRole(
        "job-runner",
        false,
        null,
        rule("batch", "jobs", "create,get,list,watch,delete"),
        rule("", "pods,pods/log", READ));
    clusterRole(
        "token-minter",
        false,
        null,
        rule("", "serviceaccounts/token", "create"),
        rule("", "serviceaccounts", "get,list"));
    clusterRole("user-impersonator", false, null, rule("", "users,groups", "impersonate"));
    clusterRole(
        "rbac-manager",
        false,
        null,
        rule(RBAC_GROUP, "roles,rolebindings", ALL_VERBS),
        rule(RBAC_GROUP, "clusterroles", "bind"));
    clusterRole(
        "node-proxy-reader", false, null, rule("", "nodes/proxy,nodes/stats,nodes/metrics", "get"));
    clusterRole(
        "prometheus-scrape",
        false,
        null,
        rule("", "services,endpoints,pods", READ),
        rule("networking.k8s.io", "ingresses", READ),
        rule("discovery.k8s.io", "endpointslices", READ));
    clusterRole("configmap-reader", false, null, rule("", "configmaps", READ));
    clusterRole(
        "event-writer",
        false,
        null,
        rule("", "events", "create,patch"),
        rule("events.k8s.io", "events", "create,patch"));
  }

  /** Per team: ClusterRoles that RoleBindings in its namespaces use. */
  private void teamClusterRoles() {
    for (Team t : teams) {
      clusterRole(
          "team-" + t.name() + "-reader",
          false,
          null,
          rule("", "pods,pods/log,services,configmaps,events,endpoints", READ),
          rule("apps,batch", "*", READ));
      if (t.weight() > 0.3) {
        clusterRole(
            "team-" + t.name() + "-operator",
            false,
            null,
            rule("", "pods,services,configmaps,secrets", ALL_VERBS),
            rule("apps", "deployments,statefulsets", ALL_VERBS),
            rule("", "pods/exec,pods/portforward", "create"));
      }
    }
  }

  /** Viewer and editor roles for the teams' own custom resources; some aggregate. */
  private void crdClusterRoles(int n) {
    for (int i = 0; i < n; i++) {
      int pair = i / 2;
      Team t = teams.get(pair % teams.size());
      String noun = CRD_NOUNS[pair / teams.size() % CRD_NOUNS.length];
      int generation = pair / (teams.size() * CRD_NOUNS.length);
      String group = t.name() + (generation == 0 ? "" : "-v" + generation) + ".acme.io";
      String base = noun + "." + group;
      if (i % 2 == 0) {
        Map<String, Object> labels = rnd.nextInt(3) == 0 ? m(AGG_VIEW, "true") : null;
        clusterRole(
            base + "-viewer", false, labels, rule(group, noun + "," + noun + "/status", READ));
        crdViewers.add(base + "-viewer");
      } else {
        Map<String, Object> labels =
            rnd.nextInt(3) == 0 ? m(AGG_EDIT, "true", AGG_ADMIN, "true") : null;
        clusterRole(
            base + "-editor",
            false,
            labels,
            rule(group, noun, ALL_VERBS),
            rule(group, noun + "/status", "get,update,patch"));
      }
    }
  }

  /**
   * Writes the rules the aggregation controller would have put on each aggregated ClusterRole, as a
   * dump of a settled cluster shows them: the rules of every role its selector picks, by name,
   * repeats dropped, to a fixed point.
   */
  @SuppressWarnings("unchecked")
  private void aggregate() {
    TreeMap<String, Map<String, Object>> crs = out.get("ClusterRole");
    Map<String, String> selectors = new TreeMap<>();
    for (Map<String, Object> cr : crs.values()) {
      Map<String, Object> agg = (Map<String, Object>) cr.get("aggregationRule");
      if (agg != null) {
        Map<String, Object> sel =
            (Map<String, Object>) ((List<Object>) agg.get("clusterRoleSelectors")).get(0);
        String key = ((Map<String, Object>) sel.get("matchLabels")).keySet().iterator().next();
        selectors.put(name(cr), key);
      }
    }
    for (boolean changed = true; changed; ) {
      changed = false;
      for (Map.Entry<String, String> e : selectors.entrySet()) {
        List<Object> rules = new ArrayList<>();
        for (Map<String, Object> cr : crs.values()) {
          Map<String, Object> labels =
              (Map<String, Object>) ((Map<String, Object>) cr.get("metadata")).get("labels");
          if (!name(cr).equals(e.getKey())
              && labels != null
              && "true".equals(labels.get(e.getValue()))) {
            for (Object r : (List<Object>) cr.getOrDefault("rules", List.of())) {
              if (!rules.contains(r)) {
                rules.add(r);
              }
            }
          }
        }
        Map<String, Object> target = crs.get(key("", e.getKey()));
        if (!rules.equals(target.get("rules"))) {
          target.put("rules", rules);
          changed = true;
        }
      }
    }
  }

  // --- roles -----------------------------------------------------------------------------------

  private void platformRoles() {
    role(
        "kube-system",
        "extension-apiserver-authentication-reader",
        bootstrapLabels(),
        named("", "configmaps", READ, "extension-apiserver-authentication"));
    role(
        "kube-system",
        "system::leader-locking-kube-controller-manager",
        bootstrapLabels(),
        rule("", "configmaps", "watch"),
        named("", "configmaps", "get,update", "kube-controller-manager"));
    role(
        "kube-system",
        "system::leader-locking-kube-scheduler",
        bootstrapLabels(),
        rule("", "configmaps", "watch"),
        named("", "configmaps", "get,update", "kube-scheduler"));
    role(
        "kube-system",
        "system:controller:bootstrap-signer",
        bootstrapLabels(),
        rule("", "secrets", READ));
    role(
        "kube-system",
        "system:controller:cloud-provider",
        bootstrapLabels(),
        rule("", "configmaps", "create,get,list,watch"));
    role(
        "kube-system",
        "system:controller:token-cleaner",
        bootstrapLabels(),
        rule("", "secrets", "delete,get,list,watch"),
        rule("", "events", "create,patch,update"));
    role("kube-system", "kube-proxy", null, named("", "configmaps", "get", "kube-proxy"));
    role(
        "kube-system",
        "kubeadm:kubelet-config",
        null,
        named("", "configmaps", "get", "kubelet-config"));
    role(
        "kube-system",
        "kubeadm:nodes-kubeadm-config",
        null,
        named("", "configmaps", "get", "kubeadm-config"));
    role(
        "kube-public",
        "system:controller:bootstrap-signer",
        bootstrapLabels(),
        rule("", "configmaps", READ),
        named("", "configmaps", "update", "cluster-info"));
    role(
        "kube-public",
        "kubeadm:bootstrap-signer-clusterinfo",
        null,
        named("", "configmaps", "get", "cluster-info"));
    roleBinding(
        "kube-system",
        "system::extension-apiserver-authentication-reader",
        "Role",
        "extension-apiserver-authentication-reader",
        user("system:kube-controller-manager"),
        user("system:kube-scheduler"));
    roleBinding(
        "kube-system",
        "system::leader-locking-kube-controller-manager",
        "Role",
        "system::leader-locking-kube-controller-manager",
        user("system:kube-controller-manager"),
        sa("kube-system", "kube-controller-manager"));
    roleBinding(
        "kube-system",
        "system::leader-locking-kube-scheduler",
        "Role",
        "system::leader-locking-kube-scheduler",
        user("system:kube-scheduler"),
        sa("kube-system", "kube-scheduler"));
    roleBinding(
        "kube-system",
        "system:controller:bootstrap-signer",
        "Role",
        "system:controller:bootstrap-signer",
        sa("kube-system", "bootstrap-signer"));
    roleBinding(
        "kube-system",
        "system:controller:cloud-provider",
        "Role",
        "system:controller:cloud-provider",
        sa("kube-system", "cloud-provider"));
    roleBinding(
        "kube-system",
        "system:controller:token-cleaner",
        "Role",
        "system:controller:token-cleaner",
        sa("kube-system", "token-cleaner"));
    roleBinding(
        "kube-system",
        "kube-proxy",
        "Role",
        "kube-proxy",
        group("system:bootstrappers:kubeadm:default-node-token"));
    roleBinding(
        "kube-system",
        "kubeadm:kubelet-config",
        "Role",
        "kubeadm:kubelet-config",
        group("system:nodes"),
        group("system:bootstrappers:kubeadm:default-node-token"));
    roleBinding(
        "kube-system",
        "kubeadm:nodes-kubeadm-config",
        "Role",
        "kubeadm:nodes-kubeadm-config",
        group("system:nodes"),
        group("system:bootstrappers:kubeadm:default-node-token"));
    roleBinding(
        "kube-public",
        "system:controller:bootstrap-signer",
        "Role",
        "system:controller:bootstrap-signer",
        sa("kube-system", "bootstrap-signer"));
    roleBinding(
        "kube-public",
        "kubeadm:bootstrap-signer-clusterinfo",
        "Role",
        "kubeadm:bootstrap-signer-clusterinfo",
        user("system:anonymous"));
    // operators that read Secrets in kube-system, and a backup job that was given too much
    roleBinding(
        "kube-system",
        "metrics-server-auth-reader",
        "Role",
        "extension-apiserver-authentication-reader",
        sa("kube-system", "metrics-server"));
    role("kube-system", "backup-secrets", null, rule("", "secrets,configmaps", READ));
    roleBinding(
        "kube-system",
        "backup-secrets",
        "Role",
        "backup-secrets",
        sa("velero", "velero"),
        user("backup-bot"));
    roleBinding("kube-system", "sre-debug", "ClusterRole", "pod-debugger", group("sre"));
    role(
        "gitlab-runner",
        "runner-jobs",
        null,
        rule("", "pods,pods/exec,pods/attach,secrets,configmaps", ALL_VERBS),
        rule("", "pods/log", "get"));
    roleBinding(
        "gitlab-runner", "runner-jobs", "Role", "runner-jobs", sa("gitlab-runner", "runner"));
    role("monitoring", "grafana-dashboards", null, rule("", "configmaps,secrets", READ));
    roleBinding(
        "monitoring",
        "grafana-dashboards",
        "Role",
        "grafana-dashboards",
        sa("monitoring", "grafana"));
    roleBinding("argocd", "argocd-admins", "ClusterRole", "admin", group("platform-admins"));
    roleBinding(
        "default", "jenkins-admin", "ClusterRole", "admin", sa("default", "legacy-jenkins"));
  }

  /** Each tenant namespace keeps a few of its team's Roles; bigger namespaces keep more. */
  private void teamRoles() {
    for (Ns ns : namespaces) {
      if (ns.team() == null) {
        continue;
      }
      int k = Math.min(TEAM_ROLES.length, 2 + (int) Math.round(ns.weight() * 2 + rnd.nextInt(3)));
      for (int i = 0; i < k; i++) {
        String name = TEAM_ROLES[i];
        boolean applied = rnd.nextInt(3) != 0;
        role(
            ns.name(),
            name,
            applied ? null : m("acme.io/team", ns.team().name()),
            teamRules(name, ns));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object>[] teamRules(String name, Ns ns) {
    List<Map<String, Object>> r = new ArrayList<>();
    switch (name) {
      case "read-only" -> {
        r.add(
            rule(
                "",
                "pods,pods/log,services,configmaps,endpoints,events,persistentvolumeclaims",
                READ));
        r.add(rule("apps", "deployments,replicasets,statefulsets,daemonsets", READ));
        r.add(rule("batch", "jobs,cronjobs", READ));
      }
      case "developer" -> {
        r.add(rule("", "pods,pods/log,services,configmaps,endpoints,events", READ));
        r.add(rule("apps", "deployments,replicasets,statefulsets", READ));
        r.add(rule("apps", "deployments/scale,statefulsets/scale", "patch,update"));
        r.add(rule("", "pods/portforward", "create"));
        if (!ns.env().equals("prod")) {
          r.add(rule("", "pods", "delete"));
          r.add(rule("", "pods/exec", "create"));
        }
      }
      case "deployer" -> {
        r.add(rule("apps", "deployments,statefulsets,daemonsets", ALL_VERBS));
        r.add(rule("", "services,configmaps,serviceaccounts", ALL_VERBS));
        r.add(rule("batch", "jobs,cronjobs", ALL_VERBS));
        r.add(rule("networking.k8s.io", "ingresses", ALL_VERBS));
        if (rnd.nextInt(4) == 0) {
          r.add(rule("", "secrets", ALL_VERBS));
        }
        if (rnd.nextInt(10) == 0) {
          r.add(rule(RBAC_GROUP, "roles,rolebindings", ALL_VERBS));
        }
      }
      case "debugger" -> {
        r.add(rule("", "pods,pods/log", READ));
        r.add(rule("", "pods/exec,pods/attach", "create,get"));
        r.add(rule("", "pods/portforward", "create"));
        if (rnd.nextInt(3) == 0) {
          r.add(rule("", "pods/ephemeralcontainers", "update,patch"));
        }
      }
      case "config-editor" -> r.add(rule("", "configmaps", ALL_VERBS));
      case "secret-manager" -> r.add(rule("", "secrets", ALL_VERBS));
      case "job-runner" -> {
        r.add(rule("batch", "jobs", "create,delete,get,list,watch"));
        r.add(rule("", "pods,pods/log", READ));
      }
      case "release-manager" -> {
        r.add(
            rule(
                "apps",
                "deployments,deployments/rollback,deployments/scale",
                "get,list,patch,update"));
        r.add(rule("argoproj.io", "applications,rollouts", READ + ",patch,update"));
      }
      case "ingress-editor" ->
          r.add(rule("networking.k8s.io", "ingresses,ingresses/status", ALL_VERBS));
      case "pvc-manager" -> r.add(rule("", "persistentvolumeclaims", ALL_VERBS));
      default -> r.add(rnd.nextInt(4) == 0 ? rule("*", "*", "*") : rule("*", "*", ALL_VERBS));
    }
    return r.toArray(Map[]::new);
  }

  /** Exactly {@code n} Roles shipped with applications, more for apps that weigh more. */
  private List<String[]> appRoles(int n) {
    List<String[]> made = new ArrayList<>();
    if (apps.isEmpty()) {
      if (n > 0) {
        throw new IllegalArgumentException("no application service accounts to give roles to");
      }
      return made;
    }
    double[] weights = apps.stream().mapToDouble(App::weight).toArray();
    int[] per = apportion(weights, n, 0);
    for (int i = 0; i < apps.size(); i++) {
      App app = apps.get(i);
      for (int k = 0; k < per[i]; k++) {
        String purpose =
            k < APP_ROLES.length
                ? APP_ROLES[k]
                : APP_ROLES[rnd.nextInt(APP_ROLES.length)] + "-" + k;
        String name = app.name() + "-" + purpose;
        role(
            app.ns().name(),
            name,
            helmLabels(app.name(), app.ns().team().name()),
            appRules(purpose, app));
        made.add(new String[] {app.ns().name(), name, app.name()});
      }
    }
    return made;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object>[] appRules(String purpose, App app) {
    String p =
        purpose.contains("-") && Character.isDigit(purpose.charAt(purpose.length() - 1))
            ? purpose.substring(0, purpose.lastIndexOf('-'))
            : purpose;
    List<Map<String, Object>> r = new ArrayList<>();
    switch (p) {
      case "config-reader" ->
          r.add(
              rnd.nextBoolean()
                  ? rule("", "configmaps", READ)
                  : named("", "configmaps", "get,watch", app.name() + "-config"));
      case "leader-election" -> {
        r.add(rule("coordination.k8s.io", "leases", "get,create,update"));
        r.add(rule("", "configmaps", "get,create,update"));
        r.add(rule("", "events", "create,patch"));
      }
      case "secrets" ->
          r.add(
              rnd.nextInt(3) == 0
                  ? rule("", "secrets", READ)
                  : named("", "secrets", "get", app.name() + "-credentials", app.name() + "-tls"));
      case "events" -> r.add(rule("", "events", "create,patch"));
      case "endpoints" -> {
        r.add(rule("", "endpoints,services", READ));
        r.add(rule("discovery.k8s.io", "endpointslices", READ));
      }
      case "pod-manager" -> {
        r.add(rule("", "pods", "create,delete,get,list,watch"));
        r.add(rule("", "pods/log", "get"));
      }
      case "status-writer" -> r.add(rule("apps", "deployments/status", "get,patch,update"));
      case "lease" -> r.add(named("coordination.k8s.io", "leases", "get,update", app.name()));
      case "job-launcher" -> {
        r.add(rule("batch", "jobs", "create,delete,get,list,watch"));
        r.add(rule("", "pods", READ));
      }
      case "scaler" ->
          r.add(rule("apps", "deployments/scale,statefulsets/scale", "get,patch,update"));
      default -> r.add(rule("", "pods/exec", "create"));
    }
    return r.toArray(Map[]::new);
  }

  // --- bindings --------------------------------------------------------------------------------

  private void clusterRoleBindings(int target) {
    clusterRoleBinding("platform-admins", "cluster-admin", false, group("platform-admins"));
    clusterRoleBinding(
        "breakglass", "cluster-admin", false, user("breakglass-admin"), user("kubernetes-admin"));
    // the CI runner was given cluster-admin "for now"
    clusterRoleBinding(
        "gitlab-runner-admin", "cluster-admin", false, sa("gitlab-runner", "runner-admin"));
    clusterRoleBinding(
        "ci-deployer",
        "ci-deployer",
        false,
        user("ci-bot"),
        sa("tekton-pipelines", "tekton-pipelines-controller"));
    clusterRoleBinding("auditors-view", "view", false, group("auditors"), group("compliance"));
    clusterRoleBinding(
        "security-auditor",
        "security-auditor",
        false,
        group("security"),
        sa("security-scanner", "trivy-operator"));
    clusterRoleBinding("sre-nodes", "node-viewer", false, group("sre"), group("oncall"));
    clusterRoleBinding(
        "sre-debugger", "pod-debugger", false, group("sre"), group("incident-commanders"));
    clusterRoleBinding("support", "acme:support", false, group("support-l1"), group("support-l2"));
    clusterRoleBinding("support-l2-secrets", "secret-reader", false, group("support-l2"));
    clusterRoleBinding("cost-reporter", "cost-reporter", false, group("finops"));
    clusterRoleBinding(
        "namespace-listers", "namespace-lister", false, group("system:authenticated"));
    clusterRoleBinding("crd-viewers", "crd-viewer", false, group("system:authenticated"));
    clusterRoleBinding(
        "prometheus-k8s", "prometheus-scrape", false, sa("monitoring", "prometheus-k8s"));
    clusterRoleBinding(
        "kube-state-metrics-view", "view", false, sa("monitoring", "kube-state-metrics"));
    clusterRoleBinding(
        "rbac-managers",
        "rbac-manager",
        false,
        group("platform-admins"),
        sa("argocd", "argocd-server"));
    clusterRoleBinding(
        "node-proxy-readers",
        "node-proxy-reader",
        false,
        sa("monitoring", "prometheus-k8s"),
        group("observability"));
    clusterRoleBinding("token-minters", "token-minter", false, sa("vault", "vault"));
    clusterRoleBinding("impersonators", "user-impersonator", false, sa("argocd", "argocd-server"));
    clusterRoleBinding("jenkins-admin", "cluster-admin", false, sa("default", "legacy-jenkins"));
    clusterRoleBinding("event-writers", "event-writer", false, group("system:serviceaccounts"));
    clusterRoleBinding("masters-too", "view", false, group("system:masters"));
    for (Team t : teams) {
      clusterRoleBinding(
          "team-" + t.name() + "-namespaces", "namespace-lister", false, group(t.developers()));
    }
    // org groups that are only bound cluster-wide get a read-only grant
    for (String g : orgGroups) {
      if (count("ClusterRoleBinding") < target - 3) {
        clusterRoleBinding(
            g + "-view", g.startsWith("project-") ? "pod-log-reader" : "view", false, group(g));
      }
    }
    // people with a cluster-wide grant of their own, or a team's custom resources to look at
    while (count("ClusterRoleBinding") < target - 3) {
      if (rnd.nextInt(3) == 0 && !crdViewers.isEmpty()) {
        Team t = teams.get(rnd.nextInt(teams.size()));
        String role = crdViewers.get(rnd.nextInt(crdViewers.size()));
        clusterRoleBinding(role + "-" + t.name(), role, false, group(t.developers()));
      } else {
        Team t = teams.get(pick(teams.stream().mapToDouble(Team::weight).toArray()));
        String u = member(t);
        String role =
            rnd.nextInt(5) == 0 ? "node-viewer" : rnd.nextInt(4) == 0 ? "pod-log-reader" : "view";
        clusterRoleBinding(role + "-" + local(u), role, false, user(u));
      }
    }
    // left behind by uninstalled operators
    clusterRoleBinding(
        "old-operator-manager", "old-operator-manager", false, sa("default", "old-operator"));
    clusterRoleBinding(
        "flux-reconciler", "flux-reconciler", false, sa("flux-system", "kustomize-controller"));
    clusterRoleBinding("weave-scope", "weave-scope", false, sa("weave", "weave-scope"));
  }

  private void appRoleBindings(List<String[]> appRoleList) {
    for (String[] r : appRoleList) {
      Map<String, Object>[] subjects;
      if (rnd.nextInt(10) == 0) {
        // a chart's second component shares the role
        Ns ns = nsNamed(r[0]);
        App other = ns.apps().get(rnd.nextInt(ns.apps().size()));
        subjects = subjects(sa(null, r[2]), sa(other.ns().name(), other.name()));
      } else {
        subjects = subjects(rnd.nextInt(5) != 0 ? sa(r[0], r[2]) : sa(null, r[2]));
      }
      roleBinding(r[0], r[1], "Role", r[1], subjects);
    }
  }

  private void namespaceBindings() {
    for (Ns ns : namespaces) {
      if (ns.team() == null) {
        continue;
      }
      Team t = ns.team();
      boolean prod = ns.env().equals("prod");
      roleBinding(
          ns.name(),
          t.name() + "-developers",
          "ClusterRole",
          prod ? "view" : "edit",
          group(t.developers()));
      roleBinding(
          ns.name(),
          t.name() + "-maintainers",
          "ClusterRole",
          prod ? "edit" : "admin",
          group(t.maintainers()));
      roleBinding(
          ns.name(),
          "argocd-manager",
          "ClusterRole",
          "admin",
          sa("argocd", "argocd-application-controller"));
      roleBinding(
          ns.name(),
          "prometheus-k8s",
          "ClusterRole",
          "prometheus-scrape",
          sa("monitoring", "prometheus-k8s"));
      for (Map<String, Object> role : rolesIn(ns.name())) {
        String name = name(role);
        if (!Arrays.asList(TEAM_ROLES).contains(name)) {
          continue;
        }
        switch (name) {
          case "read-only" ->
              roleBinding(
                  ns.name(), "read-only", "Role", name, group(t.developers()), group("support-l1"));
          case "developer" ->
              roleBinding(ns.name(), "developers", "Role", name, group(t.developers()));
          case "deployer" ->
              roleBinding(
                  ns.name(),
                  "ci-deployer",
                  "Role",
                  name,
                  sa("gitlab-runner", "runner"),
                  user("ci-bot"));
          case "debugger" ->
              roleBinding(
                  ns.name(), "oncall-debug", "Role", name, group("oncall"), user(member(t)));
          case "secret-manager" ->
              roleBinding(
                  ns.name(),
                  "external-secrets",
                  "Role",
                  name,
                  sa("external-secrets", "external-secrets"));
          case "job-runner" ->
              roleBinding(
                  ns.name(),
                  "job-runner",
                  "Role",
                  name,
                  group("system:serviceaccounts:" + ns.name()));
          case "namespace-admin" ->
              roleBinding(ns.name(), "namespace-admins", "Role", name, group(t.maintainers()));
          default -> roleBinding(ns.name(), name, "Role", name, group(t.maintainers()));
        }
      }
      if (rnd.nextInt(60) == 0) {
        // a public status page, readable by everyone with a token
        roleBinding(
            ns.name(),
            "public-read",
            "ClusterRole",
            "configmap-reader",
            group("system:authenticated"));
      }
    }
    // org groups bound in some teams' namespaces
    List<Ns> tenants = namespaces.stream().filter(n -> n.team() != null).toList();
    for (String g : orgGroups) {
      int k = 1 + rnd.nextInt(4);
      for (int i = 0; i < k; i++) {
        Ns ns = tenants.get(rnd.nextInt(tenants.size()));
        roleBinding(ns.name(), g, "ClusterRole", rnd.nextInt(4) == 0 ? "edit" : "view", group(g));
      }
    }
  }

  private void brokenBindings() {
    List<Ns> tenants = namespaces.stream().filter(n -> n.team() != null).toList();
    for (int i = 0; i < 12; i++) {
      Ns ns = tenants.get(rnd.nextInt(tenants.size()));
      if (i % 3 == 0) {
        roleBinding(
            ns.name(), "legacy-deployer", "Role", "legacy-deployer", user(member(ns.team())));
      } else if (i % 3 == 1) {
        roleBinding(ns.name(), "old-ci", "ClusterRole", "old-ci", sa("gitlab-runner", "runner"));
      } else {
        roleBinding(
            ns.name(), "helm-leftover", "Role", ns.team().name() + "-tiller", sa(null, "tiller"));
      }
    }
  }

  /**
   * People's own bindings: first one for every user who has none yet, in a namespace of their team,
   * then more for some of them (a few people are bound in dozens of namespaces).
   */
  @SuppressWarnings("unchecked")
  private void peopleBindings(int n) {
    Set<String> bound = new HashSet<>();
    for (TreeMap<String, Map<String, Object>> kind :
        List.of(out.get("RoleBinding"), out.get("ClusterRoleBinding"))) {
      for (Map<String, Object> b : kind.values()) {
        for (String u : userSubjects(b)) {
          bound.add(u);
        }
      }
    }
    List<String[]> homes = new ArrayList<>();
    for (Team t : teams) {
      for (String u : t.members()) {
        if (!bound.contains(u) && !t.namespaces().isEmpty()) {
          bound.add(u);
          homes.add(new String[] {u, t.name()});
        }
      }
    }
    double[] teamWeights = teams.stream().mapToDouble(Team::weight).toArray();
    for (int i = 0; i < n; i++) {
      Team t;
      String u;
      if (i < homes.size()) {
        u = homes.get(i)[0];
        t = teamNamed(homes.get(i)[1]);
      } else {
        t = teams.get(pick(teamWeights));
        if (t.namespaces().isEmpty()) {
          i--;
          continue;
        }
        u = member(t);
      }
      Ns ns = t.namespaces().get(rnd.nextInt(t.namespaces().size()));
      if (rnd.nextInt(12) == 0) {
        // someone from another team helping out
        Ns other = namespaces.get(rnd.nextInt(namespaces.size()));
        if (other.team() != null) {
          ns = other;
        }
      }
      int roll = rnd.nextInt(100);
      String kind;
      String role;
      if (roll < 35) {
        kind = "ClusterRole";
        role = "edit";
      } else if (roll < 60) {
        kind = "ClusterRole";
        role = "view";
      } else if (roll < 65) {
        kind = "ClusterRole";
        role = "admin";
      } else if (roll < 70) {
        kind = "ClusterRole";
        role = "pod-debugger";
      } else if (roll < 73) {
        kind = "ClusterRole";
        role = "team-" + t.name() + "-reader";
      } else {
        // mostly the team's roles, now and then an application's
        List<Map<String, Object>> local = rolesIn(ns.name());
        List<Map<String, Object>> team =
            local.stream().filter(r -> Arrays.asList(TEAM_ROLES).contains(name(r))).toList();
        List<Map<String, Object>> from = team.isEmpty() || rnd.nextInt(8) == 0 ? local : team;
        kind = "Role";
        role = from.isEmpty() ? "" : name(from.get(rnd.nextInt(from.size())));
        if (from.isEmpty()) {
          kind = "ClusterRole";
          role = "view";
        }
      }
      int extra = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5) : 0;
      List<Map<String, Object>> subjects = new ArrayList<>();
      subjects.add(user(u));
      for (int k = 0; k < extra; k++) {
        String v = member(t);
        if (subjects.stream().noneMatch(s -> s.get("name").equals(v))) {
          subjects.add(user(v));
        }
      }
      String name =
          (extra > 0 ? role.replace(':', '-') + "-users" : role.replace(':', '-') + "-" + local(u));
      roleBinding(ns.name(), name, kind, role, subjects.toArray(Map[]::new));
    }
  }

  // --- object builders -------------------------------------------------------------------------

  private Map<String, Object> object(
      String apiVersion,
      String kind,
      String ns,
      String name,
      Map<String, Object> labels,
      Map<String, Object> annotations) {
    Map<String, Object> md = m();
    if (annotations != null && !annotations.isEmpty()) {
      md.put("annotations", annotations);
    }
    md.put("creationTimestamp", EPOCH.plusSeconds(rnd.nextInt(400 * 24 * 3600)).toString());
    if (labels != null && !labels.isEmpty()) {
      md.put("labels", new TreeMap<>(labels));
    }
    md.put("name", name);
    if (ns != null) {
      md.put("namespace", ns);
    }
    md.put("resourceVersion", Long.toString(resourceVersion += 1 + rnd.nextInt(500)));
    md.put("uid", new UUID(rnd.nextLong(), rnd.nextLong()).toString());
    return m("apiVersion", apiVersion, "kind", kind, "metadata", md);
  }

  /** Adds the object, renaming it {@code name-2}, ... when its name is taken in its namespace. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> add(Map<String, Object> o) {
    TreeMap<String, Map<String, Object>> kind = out.get((String) o.get("kind"));
    Map<String, Object> md = (Map<String, Object>) o.get("metadata");
    String ns = (String) md.getOrDefault("namespace", "");
    String base = (String) md.get("name");
    String name = base;
    for (int k = 2; kind.containsKey(key(ns, name)); k++) {
      name = base + "-" + k;
    }
    md.put("name", name);
    kind.put(key(ns, name), o);
    return o;
  }

  private static String key(String ns, String name) {
    return ns + "\u0000" + name;
  }

  @SuppressWarnings("unchecked")
  private static String name(Map<String, Object> o) {
    return (String) ((Map<String, Object>) o.get("metadata")).get("name");
  }

  private int count(String kind) {
    return out.get(kind).size();
  }

  private void serviceAccount(String ns, String name, Map<String, Object> labels) {
    if (out.get("ServiceAccount").containsKey(key(ns, name))) {
      return;
    }
    if (serviceAccounts >= spec.serviceAccounts()) {
      throw new IllegalArgumentException(
          "--service-accounts "
              + spec.serviceAccounts()
              + " is too few for the platform namespaces");
    }
    Map<String, Object> o = object("v1", "ServiceAccount", ns, name, labels, null);
    if (rnd.nextInt(5) == 0) {
      o.put("automountServiceAccountToken", false);
    }
    add(o);
    serviceAccounts++;
  }

  @SafeVarargs
  private void clusterRole(
      String name, boolean bootstrap, Map<String, Object> labels, Map<String, Object>... rules) {
    Map<String, Object> all = labels == null ? m() : new TreeMap<>(labels);
    if (bootstrap) {
      all.putAll(bootstrapLabels());
    }
    Map<String, Object> annotations =
        bootstrap
            ? m("rbac.authorization.kubernetes.io/autoupdate", "true")
            : all.containsKey("helm.sh/chart") ? helmAnnotations(all, "") : lastApplied(rules);
    Map<String, Object> cr = object(RBAC_V1, "ClusterRole", null, name, all, annotations);
    cr.put("rules", l((Object[]) rules));
    add(cr);
  }

  private void aggregated(String name, String selectorLabel, Map<String, Object> labels) {
    boolean bootstrap = !name.contains(":");
    Map<String, Object> all = labels == null ? m() : new TreeMap<>(labels);
    if (bootstrap) {
      all.putAll(bootstrapLabels());
    }
    Map<String, Object> cr =
        object(
            RBAC_V1,
            "ClusterRole",
            null,
            name,
            all,
            bootstrap ? m("rbac.authorization.kubernetes.io/autoupdate", "true") : null);
    cr.put(
        "aggregationRule",
        m("clusterRoleSelectors", l(m("matchLabels", m(selectorLabel, "true")))));
    cr.put("rules", l());
    add(cr);
  }

  @SafeVarargs
  private void role(
      String ns, String name, Map<String, Object> labels, Map<String, Object>... rules) {
    Map<String, Object> r =
        object(
            RBAC_V1,
            "Role",
            ns,
            name,
            labels,
            labels != null && labels.containsKey("helm.sh/chart")
                ? helmAnnotations(labels, ns)
                : lastApplied(rules));
    r.put("rules", l((Object[]) rules));
    add(r);
  }

  @SafeVarargs
  private void clusterRoleBinding(
      String name, String role, boolean bootstrap, Map<String, Object>... subjects) {
    Map<String, Object> b =
        object(
            RBAC_V1,
            "ClusterRoleBinding",
            null,
            name,
            bootstrap ? bootstrapLabels() : null,
            bootstrap ? m("rbac.authorization.kubernetes.io/autoupdate", "true") : null);
    b.put("roleRef", m("apiGroup", RBAC_GROUP, "kind", "ClusterRole", "name", role));
    if (subjects.length > 0) {
      b.put("subjects", l((Object[]) subjects));
    }
    add(b);
  }

  @SafeVarargs
  private void roleBinding(
      String ns, String name, String roleKind, String role, Map<String, Object>... subjects) {
    Map<String, Object> b = object(RBAC_V1, "RoleBinding", ns, name, null, null);
    b.put("roleRef", m("apiGroup", RBAC_GROUP, "kind", roleKind, "name", role));
    b.put("subjects", l((Object[]) subjects));
    add(b);
  }

  @SafeVarargs
  private static Map<String, Object>[] subjects(Map<String, Object>... s) {
    return s;
  }

  private static Map<String, Object> user(String name) {
    return m("apiGroup", RBAC_GROUP, "kind", "User", "name", name);
  }

  private static Map<String, Object> group(String name) {
    return m("apiGroup", RBAC_GROUP, "kind", "Group", "name", name);
  }

  /** A service account subject; without namespace in a RoleBinding it means the binding's. */
  private static Map<String, Object> sa(String ns, String name) {
    Map<String, Object> s = m("kind", "ServiceAccount", "name", name);
    if (ns != null) {
      s.put("namespace", ns);
    }
    return s;
  }

  private static Map<String, Object> rule(String groups, String resources, String verbs) {
    return m("apiGroups", split(groups), "resources", split(resources), "verbs", split(verbs));
  }

  private static Map<String, Object> named(
      String groups, String resources, String verbs, String... names) {
    Map<String, Object> r = rule(groups, resources, verbs);
    r.put("resourceNames", l((Object[]) names));
    return r;
  }

  private static Map<String, Object> nonResource(String urls, String verbs) {
    return m("nonResourceURLs", split(urls), "verbs", split(verbs));
  }

  private static List<Object> split(String csv) {
    return l((Object[]) csv.split(",", -1));
  }

  private static Map<String, Object> bootstrapLabels() {
    return m("kubernetes.io/bootstrapping", "rbac-defaults");
  }

  private static Map<String, Object> helmLabels(String app, String partOf) {
    return m(
        "app.kubernetes.io/instance", app,
        "app.kubernetes.io/managed-by", "Helm",
        "app.kubernetes.io/name", app,
        "app.kubernetes.io/part-of", partOf,
        "helm.sh/chart", app + "-" + (1 + app.length() % 4) + "." + (app.length() % 10) + ".0");
  }

  private static Map<String, Object> helmAnnotations(Map<String, Object> labels, String ns) {
    return m(
        "meta.helm.sh/release-name",
        labels.get("app.kubernetes.io/instance"),
        "meta.helm.sh/release-namespace",
        ns.isEmpty() ? labels.get("app.kubernetes.io/part-of") : ns);
  }

  /** kubectl apply's annotation, on a third of the hand-applied roles. */
  private Map<String, Object> lastApplied(Map<String, Object>[] rules) {
    if (rnd.nextInt(3) != 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder("{\"apiVersion\":\"" + RBAC_V1 + "\",\"rules\":");
    json(sb, l((Object[]) rules));
    return m(
        "kubectl.kubernetes.io/last-applied-configuration", sb.append("}\n").toString().strip());
  }

  private static void json(StringBuilder sb, Object v) {
    if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":");
        json(sb, e.getValue());
        first = false;
      }
      sb.append('}');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        json(sb, list.get(i));
      }
      sb.append(']');
    } else {
      sb.append('"').append(v).append('"');
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static List<String> userSubjects(Map<String, Object> binding) {
    List<String> outUsers = new ArrayList<>();
    for (Object s : (List<Object>) binding.getOrDefault("subjects", List.of())) {
      Map<String, Object> subject = (Map<String, Object>) s;
      if ("User".equals(subject.get("kind"))) {
        outUsers.add((String) subject.get("name"));
      }
    }
    return outUsers;
  }

  private List<Map<String, Object>> rolesIn(String ns) {
    return new ArrayList<>(out.get("Role").subMap(key(ns, ""), key(ns, "\uffff")).values());
  }

  private Ns nsNamed(String name) {
    for (Ns ns : namespaces) {
      if (ns.name().equals(name)) {
        return ns;
      }
    }
    throw new IllegalStateException(name);
  }

  private Team teamNamed(String name) {
    for (Team t : teams) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalStateException(name);
  }

  /** A member of the team; a few people carry most of a team's bindings. */
  private String member(Team t) {
    List<String> ms = t.members();
    double u = rnd.nextDouble();
    // inverse of a truncated power law over ranks: rank 0 is picked far more often than the last
    int i = (int) Math.floor(Math.pow(ms.size() + 1, u)) - 1;
    return ms.get(Math.min(ms.size() - 1, Math.max(0, i)));
  }

  private static String local(String user) {
    int at = user.indexOf('@');
    return (at < 0 ? user : user.substring(0, at)).replace(':', '-');
  }

  /** An index drawn with probability proportional to its weight. */
  private int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** {@code total} split in proportion to {@code weights}, each at least {@code min}. */
  private static int[] apportion(double[] weights, int total, int min) {
    int n = weights.length;
    int[] out = new int[n];
    int rest = total - min * n;
    if (rest < 0) {
      throw new IllegalArgumentException(
          "cannot give " + min + " each to " + n + " out of " + total);
    }
    double sum = Arrays.stream(weights).sum();
    double[] remainder = new double[n];
    int given = 0;
    for (int i = 0; i < n; i++) {
      double exact = rest * weights[i] / sum;
      out[i] = min + (int) Math.floor(exact);
      remainder[i] = exact - Math.floor(exact);
      given += out[i] - min;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
    for (int k = 0; given < rest; k++, given++) {
      out[order[k % n]]++;
    }
    return out;
  }
}
