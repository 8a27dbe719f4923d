package dev.parapet.perf;

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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes a synthetic cluster as {@code kubectl get -A -o yaml} would print it: Namespaces with
 * their default ServiceAccount, root CA ConfigMap, Roles, RoleBindings and NetworkPolicies;
 * Deployments with their ReplicaSets and Pods, StatefulSets, DaemonSets, CronJobs with their Jobs
 * and Pods, Services, ConfigMaps, Secrets, ServiceAccounts; cluster-wide ClusterRoles and
 * ClusterRoleBindings. Objects carry what a live cluster adds: uids, resourceVersions, timestamps,
 * ownerReferences, status and managedFields. Keys are sorted and sequences are not indented, as
 * kubectl prints them. The output is a function of the seed and the object count.
 *
 * <pre>
 * java ... dev.parapet.perf.ClusterGenerator --objects 100000 --seed 1 --out bench-data
 * </pre>
 *
 * writes {@code cluster-100000.yaml} (one document per object) and {@code cluster-100000-list.yaml}
 * (a single {@code kind: List} document).
 */
public final class ClusterGenerator {
  private static final Instant EPOCH = Instant.parse("2024-03-01T08:00:00Z");
  private static final String[] IMAGES = {
    "nginx:1.27.0",
    "registry.k8s.io/pause:3.9",
    "quay.io/prometheus/node-exporter:v1.8.1",
    "ghcr.io/acme/cart:2.14.3",
    "docker.io/library/redis:7.2.4",
    "postgres:16.3",
    "ghcr.io/acme/checkout@sha256:4b1f0e7d2c9a8b6f5e3d1c0b9a8f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5",
    "busybox",
    "gcr.io/distroless/java17-debian12:nonroot",
    "envoyproxy/envoy:v1.30.2"
  };
  private static final String[] WORDS = {
    "cart", "checkout", "payments", "search", "catalog", "users", "auth", "gateway", "mailer",
    "billing", "ledger", "reports", "images", "thumbs", "queue", "worker", "cache", "ingest",
    "export", "notify", "orders", "stock", "pricing", "reviews", "ads", "tracking", "sessions"
  };
  private static final String[] TEAMS = {"platform", "shop", "data", "payments", "ml", "ops"};

  private final Random rnd;
  private final Sink sink;
  private final int limit;
  private int written;
  private long resourceVersion = 100_000;

  /** Receives each generated object as a sorted map tree. */
  public interface Sink {
    void accept(Map<String, Object> object);
  }

  private ClusterGenerator(long seed, int limit, Sink sink) {
    this.rnd = new Random(seed);
    this.limit = limit;
    this.sink = sink;
  }

  /** Generates exactly {@code objects} objects. */
  public static void generate(long seed, int objects, Sink sink) {
    ClusterGenerator g = new ClusterGenerator(seed, objects, sink);
    g.run();
  }

  /** The cluster as one document per object, separated by {@code ---}. */
  public static void writeMultiDocument(long seed, int objects, Appendable out) {
    generate(
        seed,
        objects,
        new Sink() {
          boolean first = true;

          @Override
          public void accept(Map<String, Object> o) {
            try {
              if (!first) {
                out.append("---\n");
              }
              first = false;
              Yaml.map(out, o, 0);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
  }

  /** The cluster as a single {@code kind: List} document, as {@code kubectl get -A -o yaml}. */
  public static void writeList(long seed, int objects, Appendable out) {
    try {
      out.append("apiVersion: v1\nitems:\n");
      generate(
          seed,
          objects,
          o -> {
            try {
              out.append("- ");
              Yaml.mapBody(out, o, 2, true);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      out.append("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String multiDocument(long seed, int objects) {
    StringBuilder sb = new StringBuilder();
    writeMultiDocument(seed, objects, sb);
    return sb.toString();
  }

  public static String list(long seed, int objects) {
    StringBuilder sb = new StringBuilder();
    writeList(seed, objects, sb);
    return sb.toString();
  }

  public static void main(String[] args) throws IOException {
    int objects = 10_000;
    long seed = 1;
    Path out = Path.of("bench-data");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--objects" -> objects = Integer.parseInt(args[++i].replace("_", ""));
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(out);
    Path multi = out.resolve("cluster-" + objects + ".yaml");
    Path list = out.resolve("cluster-" + objects + "-list.yaml");
    try (Writer w = writer(multi)) {
      writeMultiDocument(seed, objects, w);
    }
    try (Writer w = writer(list)) {
      writeList(seed, objects, w);
    }
    System.out.printf(
        "%s: %,d bytes%n%s: %,d bytes%n", multi, Files.size(multi), list, Files.size(list));
  }

  private static Writer writer(Path p) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 20);
  }

  // ---------------------------------------------------------------------------------------------

  /** Thrown to stop generating once the requested number of objects is written. */
  private static final class Done extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Done() {
      super(null, null, false, false);
    }
  }

  private void run() {
    try {
      for (Map<String, Object> cr : clusterRoles()) {
        emit(cr);
      }
      for (int ns = 0; ; ns++) {
        namespace(ns);
      }
    } catch (Done done) {
      // requested count reached
    }
  }

  private void emit(Map<String, Object> o) {
    if (written >= limit) {
      throw new Done();
    }
    sink.accept(o);
    written++;
    if (written >= limit) {
      throw new Done();
    }
  }

  private void namespace(int index) {
    String ns = TEAMS[index % TEAMS.length] + "-" + WORDS[index % WORDS.length] + "-" + index;
    Map<String, Object> labels = m("kubernetes.io/metadata.name", ns, "team", TEAMS[index % 6]);
    if (index % 3 == 0) {
      labels.put("pod-security.kubernetes.io/enforce", index % 2 == 0 ? "restricted" : "baseline");
      labels.put("pod-security.kubernetes.io/enforce-version", "latest");
    }
    Map<String, Object> nsObj =
        object("v1", "Namespace", null, ns, labels, null, null, m("finalizers", l("kubernetes")));
    nsObj.put("status", m("phase", "Active"));
    emit(nsObj);
    emit(object("v1", "ServiceAccount", ns, "default", null, null, null, null));
    Map<String, Object> ca =
        object("v1", "ConfigMap", ns, "kube-root-ca.crt", null, null, null, null);
    ca.put("data", m("ca.crt", pem("CERTIFICATE", 18)));
    emit(ca);
    emit(role(ns, "developer"));
    emit(roleBinding(ns, "developer", "Group", TEAMS[index % 6] + "-devs"));
    emit(networkPolicy(ns));
    int apps = 4 + rnd.nextInt(5);
    for (int a = 0; a < apps; a++) {
      String app = WORDS[(index + a * 7) % WORDS.length] + (a >= WORDS.length ? "-" + a : "");
      app(ns, app, a);
    }
  }

  private void app(String ns, String app, int a) {
    Map<String, Object> labels = m("app", app, "app.kubernetes.io/part-of", ns, "tier", tier(a));
    emit(serviceAccount(ns, app));
    emit(configMap(ns, app));
    emit(secret(ns, app));
    int kind = rnd.nextInt(10);
    if (kind < 6) {
      deployment(ns, app, labels);
    } else if (kind < 8) {
      statefulSet(ns, app, labels);
    } else if (kind < 9) {
      daemonSet(ns, app, labels);
    } else {
      cronJob(ns, app, labels);
    }
    if (kind < 9) {
      emit(service(ns, app, labels));
    }
  }

  private String tier(int a) {
    return a % 3 == 0 ? "frontend" : a % 3 == 1 ? "backend" : "data";
  }

  // --- objects ---------------------------------------------------------------------------------

  private Map<String, Object> object(
      String apiVersion,
      String kind,
      String ns,
      String name,
      Map<String, Object> labels,
      Map<String, Object> annotations,
      List<Object> owners,
      Map<String, Object> spec) {
    Map<String, Object> md = m();
    if (annotations != null && !annotations.isEmpty()) {
      md.put("annotations", annotations);
    }
    md.put("creationTimestamp", time());
    if (labels != null && !labels.isEmpty()) {
      md.put("labels", labels);
    }
    md.put("name", name);
    if (ns != null) {
      md.put("namespace", ns);
    }
    if (owners != null) {
      md.put("ownerReferences", owners);
    }
    md.put("resourceVersion", Long.toString(resourceVersion++));
    md.put("uid", uid());
    Map<String, Object> o = m("apiVersion", apiVersion, "kind", kind, "metadata", md);
    if (spec != null) {
      o.put("spec", spec);
    }
    return o;
  }

  /** Adds managedFields as the API server records them: one entry per field manager. */
  private Map<String, Object> managed(Map<String, Object> o, String applier) {
    @SuppressWarnings("unchecked")
    Map<String, Object> md = (Map<String, Object>) o.get("metadata");
    List<Object> entries = new ArrayList<>();
    Map<String, Object> applied = m();
    applied.put(
        "f:metadata",
        fields(m("labels", md.get("labels"), "annotations", md.get("annotations")), 3));
    if (o.get("spec") != null) {
      applied.put("f:spec", fields(o.get("spec"), 4));
    }
    if (o.get("data") != null) {
      applied.put("f:data", fields(o.get("data"), 2));
    }
    entries.add(
        m(
            "apiVersion",
            o.get("apiVersion"),
            "fieldsType",
            "FieldsV1",
            "fieldsV1",
            applied,
            "manager",
            applier,
            "operation",
            "Update",
            "time",
            time()));
    if (o.get("status") != null) {
      entries.add(
          m(
              "apiVersion", o.get("apiVersion"),
              "fieldsType", "FieldsV1",
              "fieldsV1", m("f:status", fields(o.get("status"), 3)),
              "manager", "kube-controller-manager",
              "operation", "Update",
              "subresource", "status",
              "time", time()));
    }
    md.put("managedFields", entries);
    return o;
  }

  @SuppressWarnings("unchecked")
  private static Object fields(Object value, int depth) {
    Map<String, Object> out = m();
    if (depth == 0) {
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return out;
      }
      out.put(".", m());
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        if (e.getValue() != null) {
          out.put("f:" + e.getKey(), fields(e.getValue(), depth - 1));
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> im && im.get("name") != null) {
          out.put("k:{\"name\":\"" + im.get("name") + "\"}", fields(item, depth - 1));
        } else if (item instanceof String s) {
          out.put("v:\"" + s + "\"", m());
        }
      }
    }
    return out;
  }

  private List<Map<String, Object>> clusterRoles() {
    List<Map<String, Object>> out = new ArrayList<>();
    String[][] roles = {
      {"cluster-admin", "*", "*", "*"},
      {"admin", "", "pods,services,configmaps,secrets", "get,list,watch,create,update,delete"},
      {"edit", "apps", "deployments,statefulsets,daemonsets", "get,list,watch,create,update"},
      {"view", "", "pods,services,configmaps", "get,list,watch"},
      {"system:node-proxier", "", "endpoints,services", "get,list,watch"},
      {"secret-reader", "", "secrets", "get,list"},
      {"pod-exec", "", "pods/exec", "create"},
      {"node-debugger", "", "nodes/proxy", "get,create"}
    };
    for (String[] r : roles) {
      Map<String, Object> cr =
          object(
              "rbac.authorization.k8s.io/v1",
              "ClusterRole",
              null,
              r[0],
              m("kubernetes.io/bootstrapping", "rbac-defaults"),
              m("rbac.authorization.kubernetes.io/autoupdate", "true"),
              null,
              null);
      cr.put(
          "rules",
          l(
              m(
                  "apiGroups", l((Object[]) r[1].split(",", -1)),
                  "resources", l((Object[]) r[2].split(",")),
                  "verbs", l((Object[]) r[3].split(",")))));
      out.add(cr);
      Map<String, Object> crb =
          object(
              "rbac.authorization.k8s.io/v1",
              "ClusterRoleBinding",
              null,
              r[0],
              null,
              null,
              null,
              null);
      crb.put(
          "roleRef",
          m("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", r[0]));
      crb.put(
          "subjects",
          l(m("apiGroup", "rbac.authorization.k8s.io", "kind", "Group", "name", "system:" + r[0])));
      out.add(crb);
    }
    return out;
  }

  private Map<String, Object> role(String ns, String name) {
    Map<String, Object> r =
        object("rbac.authorization.k8s.io/v1", "Role", ns, name, null, null, null, null);
    r.put(
        "rules",
        l(
            m(
                "apiGroups", l("", "apps"),
                "resources", l("pods", "pods/log", "deployments", "configmaps"),
                "verbs", l("get", "list", "watch")),
            m(
                "apiGroups", l("apps"),
                "resources", l("deployments/scale"),
                "verbs", l("patch", "update"))));
    return managed(r, "kubectl-client-side-apply");
  }

  private Map<String, Object> roleBinding(String ns, String role, String kind, String subject) {
    Map<String, Object> rb =
        object("rbac.authorization.k8s.io/v1", "RoleBinding", ns, role, null, null, null, null);
    rb.put("roleRef", m("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", role));
    rb.put(
        "subjects", l(m("apiGroup", "rbac.authorization.k8s.io", "kind", kind, "name", subject)));
    return managed(rb, "kubectl-client-side-apply");
  }

  private Map<String, Object> networkPolicy(String ns) {
    Map<String, Object> spec =
        m(
            "ingress",
            l(
                m(
                    "from",
                        l(
                            m(
                                "namespaceSelector",
                                m(
                                    "matchLabels",
                                    m("kubernetes.io/metadata.name", "ingress-nginx")))),
                    "ports", l(m("port", 8080, "protocol", "TCP")))),
            "podSelector",
            m(),
            "policyTypes",
            l("Ingress"));
    return managed(
        object(
            "networking.k8s.io/v1",
            "NetworkPolicy",
            ns,
            "default-deny-ingress",
            null,
            null,
            null,
            spec),
        "kubectl-client-side-apply");
  }

  private Map<String, Object> serviceAccount(String ns, String app) {
    Map<String, Object> sa =
        object("v1", "ServiceAccount", ns, app, m("app", app), null, null, null);
    if (rnd.nextInt(4) == 0) {
      sa.put("automountServiceAccountToken", false);
    }
    return sa;
  }

  private Map<String, Object> configMap(String ns, String app) {
    Map<String, Object> cm =
        object("v1", "ConfigMap", ns, app + "-config", m("app", app), null, null, null);
    Map<String, Object> data = m();
    data.put("LOG_LEVEL", rnd.nextBoolean() ? "info" : "debug");
    data.put("FEATURE_FLAGS", "search=true,reviews=" + rnd.nextBoolean());
    data.put("MAX_CONNECTIONS", Integer.toString(10 + rnd.nextInt(500)));
    StringBuilder conf = new StringBuilder();
    conf.append("server {\n  listen 8080;\n  server_name ")
        .append(app)
        .append(".")
        .append(ns)
        .append(";\n");
    for (int i = 0; i < 3 + rnd.nextInt(6); i++) {
      conf.append("  location /")
          .append(WORDS[rnd.nextInt(WORDS.length)])
          .append(" {\n")
          .append("    proxy_pass http://")
          .append(WORDS[rnd.nextInt(WORDS.length)])
          .append(":8080;\n")
          .append("    proxy_read_timeout ")
          .append(5 + rnd.nextInt(60))
          .append("s;\n  }\n");
    }
    conf.append("}\n");
    data.put("nginx.conf", conf.toString());
    cm.put("data", data);
    return managed(cm, "kubectl-client-side-apply");
  }

  private Map<String, Object> secret(String ns, String app) {
    Map<String, Object> s =
        object("v1", "Secret", ns, app + "-credentials", m("app", app), null, null, null);
    s.put(
        "data",
        m(
            "password", base64(24),
            "username", base64(9),
            "api-key", base64(48)));
    s.put("type", "Opaque");
    return managed(s, "kubectl-client-side-apply");
  }

  private Map<String, Object> service(String ns, String app, Map<String, Object> labels) {
    String ip = "10.96." + rnd.nextInt(256) + "." + rnd.nextInt(256);
    boolean lb = rnd.nextInt(12) == 0;
    Map<String, Object> spec =
        m(
            "clusterIP",
            ip,
            "clusterIPs",
            l(ip),
            "internalTrafficPolicy",
            "Cluster",
            "ipFamilies",
            l("IPv4"),
            "ipFamilyPolicy",
            "SingleStack",
            "ports",
            l(m("name", "http", "port", 80, "protocol", "TCP", "targetPort", 8080)),
            "selector",
            m("app", app),
            "sessionAffinity",
            "None",
            "type",
            lb ? "LoadBalancer" : "ClusterIP");
    Map<String, Object> svc = object("v1", "Service", ns, app, labels, null, null, spec);
    svc.put(
        "status",
        m("loadBalancer", lb ? m("ingress", l(m("ip", "203.0.113." + rnd.nextInt(256)))) : m()));
    return managed(svc, "kubectl-client-side-apply");
  }

  private void deployment(String ns, String app, Map<String, Object> labels) {
    int replicas = 1 + rnd.nextInt(3);
    Map<String, Object> template = podTemplate(ns, app, labels);
    String lastApplied =
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\""
            + app
            + "\"},\"name\":\""
            + app
            + "\",\"namespace\":\""
            + ns
            + "\"},\"spec\":{\"replicas\":"
            + replicas
            + ",\"selector\":{\"matchLabels\":{\"app\":\""
            + app
            + "\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\""
            + app
            + "\"}},\"spec\":{\"containers\":[{\"image\":\""
            + IMAGES[rnd.nextInt(IMAGES.length)]
            + "\",\"name\":\"app\"}]}}}}\n";
    Map<String, Object> spec =
        m(
            "progressDeadlineSeconds",
            600,
            "replicas",
            replicas,
            "revisionHistoryLimit",
            10,
            "selector",
            m("matchLabels", m("app", app)),
            "strategy",
            m(
                "rollingUpdate",
                m("maxSurge", "25%", "maxUnavailable", "25%"),
                "type",
                "RollingUpdate"),
            "template",
            template);
    Map<String, Object> d =
        object(
            "apps/v1",
            "Deployment",
            ns,
            app,
            labels,
            m(
                "deployment.kubernetes.io/revision",
                "2",
                "kubectl.kubernetes.io/last-applied-configuration",
                lastApplied),
            null,
            spec);
    d.put(
        "status",
        m(
            "availableReplicas", replicas,
            "conditions",
                l(
                    condition(
                        "Available",
                        "MinimumReplicasAvailable",
                        "Deployment has minimum availability."),
                    condition(
                        "Progressing",
                        "NewReplicaSetAvailable",
                        "ReplicaSet \"" + app + "-7d4b9c6f5d\" has successfully progressed.")),
            "observedGeneration", 2,
            "readyReplicas", replicas,
            "replicas", replicas,
            "updatedReplicas", replicas));
    emit(managed(d, "kubectl-client-side-apply"));
    String owner = uidOf(d);
    String hash = hash();
    for (int rev = 0; rev < 2; rev++) {
      String rsName = app + "-" + (rev == 0 ? hash : hash());
      int rsReplicas = rev == 0 ? replicas : 0;
      Map<String, Object> rsLabels = new TreeMap<>(labels);
      rsLabels.put("pod-template-hash", rsName.substring(app.length() + 1));
      Map<String, Object> rs =
          object(
              "apps/v1",
              "ReplicaSet",
              ns,
              rsName,
              rsLabels,
              m(
                  "deployment.kubernetes.io/desired-replicas",
                  Integer.toString(replicas),
                  "deployment.kubernetes.io/max-replicas",
                  Integer.toString(replicas + 1),
                  "deployment.kubernetes.io/revision",
                  Integer.toString(2 - rev)),
              l(owner("apps/v1", "Deployment", app, owner)),
              m(
                  "replicas",
                  rsReplicas,
                  "selector",
                  m(
                      "matchLabels",
                      m("app", app, "pod-template-hash", rsName.substring(app.length() + 1))),
                  "template",
                  podTemplate(ns, app, rsLabels)));
      rs.put(
          "status",
          m(
              "availableReplicas",
              rsReplicas,
              "fullyLabeledReplicas",
              rsReplicas,
              "observedGeneration",
              1,
              "readyReplicas",
              rsReplicas,
              "replicas",
              rsReplicas));
      emit(managed(rs, "kube-controller-manager"));
      if (rev == 0) {
        String rsUid = uidOf(rs);
        for (int p = 0; p < replicas; p++) {
          emit(
              pod(
                  ns,
                  rsName + "-" + suffix(5),
                  rsLabels,
                  template,
                  owner("apps/v1", "ReplicaSet", rsName, rsUid)));
        }
      }
    }
  }

  private void statefulSet(String ns, String app, Map<String, Object> labels) {
    int replicas = 1 + rnd.nextInt(3);
    Map<String, Object> template = podTemplate(ns, app, labels);
    Map<String, Object> spec =
        m(
            "podManagementPolicy",
            "OrderedReady",
            "replicas",
            replicas,
            "revisionHistoryLimit",
            10,
            "selector",
            m("matchLabels", m("app", app)),
            "serviceName",
            app,
            "template",
            template,
            "updateStrategy",
            m("rollingUpdate", m("partition", 0), "type", "RollingUpdate"),
            "volumeClaimTemplates",
            l(
                m(
                    "apiVersion",
                    "v1",
                    "kind",
                    "PersistentVolumeClaim",
                    "metadata",
                    m("name", "data"),
                    "spec",
                    m(
                        "accessModes",
                        l("ReadWriteOnce"),
                        "resources",
                        m("requests", m("storage", "10Gi")),
                        "volumeMode",
                        "Filesystem"))));
    Map<String, Object> s = object("apps/v1", "StatefulSet", ns, app, labels, null, null, spec);
    s.put(
        "status",
        m(
            "availableReplicas",
            replicas,
            "collisionCount",
            0,
            "currentReplicas",
            replicas,
            "currentRevision",
            app + "-" + hash(),
            "observedGeneration",
            1,
            "readyReplicas",
            replicas,
            "replicas",
            replicas,
            "updateRevision",
            app + "-" + hash(),
            "updatedReplicas",
            replicas));
    emit(managed(s, "kubectl-client-side-apply"));
    String owner = uidOf(s);
    for (int p = 0; p < replicas; p++) {
      Map<String, Object> podLabels = new TreeMap<>(labels);
      podLabels.put("statefulset.kubernetes.io/pod-name", app + "-" + p);
      emit(
          pod(ns, app + "-" + p, podLabels, template, owner("apps/v1", "StatefulSet", app, owner)));
    }
  }

  private void daemonSet(String ns, String app, Map<String, Object> labels) {
    Map<String, Object> template = podTemplate(ns, app, labels);
    @SuppressWarnings("unchecked")
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    podSpec.put("hostNetwork", true);
    podSpec.put("hostPID", rnd.nextBoolean());
    podSpec.put("tolerations", l(m("effect", "NoSchedule", "operator", "Exists")));
    Map<String, Object> spec =
        m(
            "revisionHistoryLimit",
            10,
            "selector",
            m("matchLabels", m("app", app)),
            "template",
            template,
            "updateStrategy",
            m("rollingUpdate", m("maxSurge", 0, "maxUnavailable", 1), "type", "RollingUpdate"));
    Map<String, Object> ds =
        object(
            "apps/v1",
            "DaemonSet",
            ns,
            app,
            labels,
            m("deprecated.daemonset.template.generation", "1"),
            null,
            spec);
    ds.put(
        "status",
        m(
            "currentNumberScheduled",
            3,
            "desiredNumberScheduled",
            3,
            "numberAvailable",
            3,
            "numberMisscheduled",
            0,
            "numberReady",
            3,
            "observedGeneration",
            1,
            "updatedNumberScheduled",
            3));
    emit(managed(ds, "kubectl-client-side-apply"));
    String owner = uidOf(ds);
    for (int p = 0; p < 3; p++) {
      emit(
          pod(
              ns,
              app + "-" + suffix(5),
              labels,
              template,
              owner("apps/v1", "DaemonSet", app, owner)));
    }
  }

  private void cronJob(String ns, String app, Map<String, Object> labels) {
    Map<String, Object> template = podTemplate(ns, app, labels);
    @SuppressWarnings("unchecked")
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    podSpec.put("restartPolicy", "OnFailure");
    Map<String, Object> jobSpec =
        m(
            "backoffLimit",
            6,
            "completionMode",
            "NonIndexed",
            "parallelism",
            1,
            "suspend",
            false,
            "template",
            template);
    Map<String, Object> cj =
        object(
            "batch/v1",
            "CronJob",
            ns,
            app,
            labels,
            null,
            null,
            m(
                "concurrencyPolicy",
                "Forbid",
                "failedJobsHistoryLimit",
                1,
                "jobTemplate",
                m("metadata", m(), "spec", jobSpec),
                "schedule",
                "*/15 * * * *",
                "successfulJobsHistoryLimit",
                3,
                "suspend",
                false));
    cj.put("status", m("lastScheduleTime", time(), "lastSuccessfulTime", time()));
    emit(managed(cj, "kubectl-client-side-apply"));
    String jobName = app + "-" + (28_000_000 + rnd.nextInt(1_000_000));
    Map<String, Object> job =
        object(
            "batch/v1",
            "Job",
            ns,
            jobName,
            labels,
            null,
            l(owner("batch/v1", "CronJob", app, uidOf(cj))),
            jobSpec);
    job.put(
        "status",
        m(
            "completionTime",
            time(),
            "conditions",
            l(condition("Complete", null, null)),
            "ready",
            0,
            "startTime",
            time(),
            "succeeded",
            1,
            "terminating",
            0));
    emit(managed(job, "kube-controller-manager"));
    emit(
        pod(
            ns,
            jobName + "-" + suffix(5),
            labels,
            template,
            owner("batch/v1", "Job", jobName, uidOf(job))));
  }

  private Map<String, Object> podTemplate(String ns, String app, Map<String, Object> labels) {
    List<Object> containers = new ArrayList<>();
    int count = 1 + (rnd.nextInt(4) == 0 ? 1 : 0);
    for (int c = 0; c < count; c++) {
      containers.add(container(c == 0 ? "app" : "sidecar", app));
    }
    Map<String, Object> spec =
        m(
            "containers",
            containers,
            "dnsPolicy",
            "ClusterFirst",
            "restartPolicy",
            "Always",
            "schedulerName",
            "default-scheduler",
            "securityContext",
            podSecurityContext(),
            "serviceAccount",
            app,
            "serviceAccountName",
            app,
            "terminationGracePeriodSeconds",
            30,
            "volumes",
            l(
                m("configMap", m("defaultMode", 420, "name", app + "-config"), "name", "config"),
                m("emptyDir", m(), "name", "tmp")));
    if (rnd.nextInt(8) == 0) {
      spec.put("initContainers", l(container("init", app)));
    }
    if (rnd.nextInt(20) == 0) {
      @SuppressWarnings("unchecked")
      List<Object> volumes = (List<Object>) spec.get("volumes");
      volumes.add(
          m("hostPath", m("path", "/var/run/docker.sock", "type", "Socket"), "name", "docker"));
    }
    Map<String, Object> annotations = m();
    if (rnd.nextInt(3) == 0) {
      annotations.put("prometheus.io/scrape", "true");
      annotations.put("prometheus.io/port", "9090");
    }
    if (rnd.nextInt(10) == 0) {
      annotations.put("container.apparmor.security.beta.kubernetes.io/app", "unconfined");
    }
    Map<String, Object> md = m("creationTimestamp", null, "labels", new TreeMap<>(labels));
    if (!annotations.isEmpty()) {
      md.put("annotations", annotations);
    }
    return m("metadata", md, "spec", spec);
  }

  private Map<String, Object> podSecurityContext() {
    return switch (rnd.nextInt(4)) {
      case 0 -> m();
      case 1 -> m("runAsNonRoot", true, "runAsUser", 10001, "fsGroup", 2000);
      case 2 -> m("runAsNonRoot", true, "seccompProfile", m("type", "RuntimeDefault"));
      default -> m("runAsUser", 0);
    };
  }

  private Map<String, Object> container(String name, String app) {
    List<Object> env = new ArrayList<>();
    env.add(m("name", "APP_NAME", "value", app));
    env.add(
        m(
            "name",
            "POD_NAMESPACE",
            "valueFrom",
            m("fieldRef", m("apiVersion", "v1", "fieldPath", "metadata.namespace"))));
    env.add(
        m(
            "name",
            "DB_PASSWORD",
            "valueFrom",
            m("secretKeyRef", m("key", "password", "name", app + "-credentials"))));
    if (rnd.nextInt(6) == 0) {
      env.add(m("name", "API_TOKEN", "value", base64(30)));
    }
    Map<String, Object> c =
        m(
            "env",
            env,
            "envFrom",
            l(m("configMapRef", m("name", app + "-config"))),
            "image",
            IMAGES[rnd.nextInt(IMAGES.length)],
            "imagePullPolicy",
            "IfNotPresent",
            "name",
            name,
            "ports",
            l(m("containerPort", 8080, "name", "http", "protocol", "TCP")),
            "terminationMessagePath",
            "/dev/termination-log",
            "terminationMessagePolicy",
            "File",
            "volumeMounts",
            l(
                m("mountPath", "/etc/" + app, "name", "config", "readOnly", true),
                m("mountPath", "/tmp", "name", "tmp")));
    if (rnd.nextInt(3) != 0) {
      c.put(
          "resources",
          m(
              "limits",
              m("cpu", "500m", "memory", (128 << rnd.nextInt(4)) + "Mi"),
              "requests",
              m("cpu", "100m", "memory", "64Mi")));
    } else {
      c.put("resources", m());
    }
    if (rnd.nextBoolean()) {
      Map<String, Object> probe =
          m(
              "failureThreshold",
              3,
              "httpGet",
              m("path", "/healthz", "port", 8080, "scheme", "HTTP"),
              "initialDelaySeconds",
              5,
              "periodSeconds",
              10,
              "successThreshold",
              1,
              "timeoutSeconds",
              1);
      c.put("livenessProbe", probe);
      c.put("readinessProbe", new TreeMap<>(probe));
    }
    switch (rnd.nextInt(6)) {
      case 0 -> c.put("securityContext", m("privileged", true));
      case 1 ->
          c.put(
              "securityContext",
              m(
                  "allowPrivilegeEscalation",
                  false,
                  "capabilities",
                  m("drop", l("ALL")),
                  "readOnlyRootFilesystem",
                  true,
                  "runAsNonRoot",
                  true));
      case 2 -> c.put("securityContext", m("capabilities", m("add", l("NET_ADMIN", "SYS_TIME"))));
      case 3 -> c.put("securityContext", m("allowPrivilegeEscalation", false));
      default -> {
        // no securityContext
      }
    }
    return c;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> pod(
      String ns,
      String name,
      Map<String, Object> labels,
      Map<String, Object> template,
      Map<String, Object> owner) {
    Map<String, Object> spec = deepCopy((Map<String, Object>) template.get("spec"));
    Map<String, Object> tmd = (Map<String, Object>) template.get("metadata");
    String node = "node-" + rnd.nextInt(200);
    spec.put("enableServiceLinks", true);
    spec.put("nodeName", node);
    spec.put("preemptionPolicy", "PreemptLowerPriority");
    spec.put("priority", 0);
    List<Object> tolerations = new ArrayList<>();
    if (spec.get("tolerations") instanceof List<?> t) {
      tolerations.addAll(t);
    }
    tolerations.add(
        m(
            "effect",
            "NoExecute",
            "key",
            "node.kubernetes.io/not-ready",
            "operator",
            "Exists",
            "tolerationSeconds",
            300));
    tolerations.add(
        m(
            "effect",
            "NoExecute",
            "key",
            "node.kubernetes.io/unreachable",
            "operator",
            "Exists",
            "tolerationSeconds",
            300));
    spec.put("tolerations", tolerations);
    List<Object> volumes = new ArrayList<>((List<Object>) spec.get("volumes"));
    String token = "kube-api-access-" + suffix(5);
    volumes.add(
        m(
            "name",
            token,
            "projected",
            m(
                "defaultMode",
                420,
                "sources",
                l(
                    m("serviceAccountToken", m("expirationSeconds", 3607, "path", "token")),
                    m(
                        "configMap",
                        m(
                            "items",
                            l(m("key", "ca.crt", "path", "ca.crt")),
                            "name",
                            "kube-root-ca.crt")),
                    m(
                        "downwardAPI",
                        m(
                            "items",
                            l(
                                m(
                                    "fieldRef",
                                    m("apiVersion", "v1", "fieldPath", "metadata.namespace"),
                                    "path",
                                    "namespace"))))))));
    spec.put("volumes", volumes);
    List<Object> statuses = new ArrayList<>();
    for (Object co : (List<Object>) spec.get("containers")) {
      Map<String, Object> c = (Map<String, Object>) co;
      List<Object> mounts = new ArrayList<>((List<Object>) c.get("volumeMounts"));
      mounts.add(
          m(
              "mountPath",
              "/var/run/secrets/kubernetes.io/serviceaccount",
              "name",
              token,
              "readOnly",
              true));
      c.put("volumeMounts", mounts);
      statuses.add(
          m(
              "containerID", "containerd://" + hex(64),
              "image", c.get("image"),
              "imageID", "docker.io/library/image@sha256:" + hex(64),
              "lastState", m(),
              "name", c.get("name"),
              "ready", true,
              "restartCount", rnd.nextInt(3),
              "started", true,
              "state", m("running", m("startedAt", time()))));
    }
    String ip = "10.244." + rnd.nextInt(256) + "." + rnd.nextInt(256);
    Map<String, Object> status =
        m(
            "conditions",
            l(
                condition("Initialized", null, null),
                condition("Ready", null, null),
                condition("ContainersReady", null, null),
                condition("PodScheduled", null, null)),
            "containerStatuses",
            statuses,
            "hostIP",
            "192.168." + rnd.nextInt(4) + "." + rnd.nextInt(256),
            "phase",
            "Running",
            "podIP",
            ip,
            "podIPs",
            l(m("ip", ip)),
            "qosClass",
            "BestEffort",
            "startTime",
            time());
    Map<String, Object> annotations =
        tmd.get("annotations") == null
            ? null
            : new TreeMap<>((Map<String, Object>) tmd.get("annotations"));
    Map<String, Object> p =
        object("v1", "Pod", ns, name, new TreeMap<>(labels), annotations, l(owner), spec);
    ((Map<String, Object>) p.get("metadata"))
        .put("generateName", name.substring(0, name.lastIndexOf('-') + 1));
    p.put("status", status);
    return managed(p, "kube-controller-manager");
  }

  private Map<String, Object> condition(String type, String reason, String message) {
    Map<String, Object> c = m("lastTransitionTime", time(), "status", "True", "type", type);
    if (reason != null) {
      c.put("lastUpdateTime", time());
      c.put("reason", reason);
      c.put("message", message);
    } else {
      c.put("lastProbeTime", null);
    }
    return c;
  }

  private static Map<String, Object> owner(
      String apiVersion, String kind, String name, String uid) {
    return m(
        "apiVersion",
        apiVersion,
        "blockOwnerDeletion",
        true,
        "controller",
        true,
        "kind",
        kind,
        "name",
        name,
        "uid",
        uid);
  }

  @SuppressWarnings("unchecked")
  private static String uidOf(Map<String, Object> o) {
    return (String) ((Map<String, Object>) o.get("metadata")).get("uid");
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put((String) k, deepCopy(v)));
      return (T) out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(deepCopy(v)));
      return (T) out;
    }
    return value;
  }

  // --- values ----------------------------------------------------------------------------------

  private String time() {
    return EPOCH.plusSeconds(rnd.nextInt(90 * 24 * 3600)).toString();
  }

  private String uid() {
    return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
  }

  private String hash() {
    return suffix(10);
  }

  private String suffix(int n) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private String hex(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return sb.toString();
  }

  private String base64(int bytes) {
    byte[] b = new byte[bytes];
    rnd.nextBytes(b);
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  private String pem(String type, int lines) {
    StringBuilder sb = new StringBuilder("-----BEGIN " + type + "-----\n");
    for (int i = 0; i < lines; i++) {
      sb.append(base64(48)).append('\n');
    }
    return sb.append("-----END ").append(type).append("-----\n").toString();
  }

  /** A sorted map from alternating keys and values; null values are kept (printed as null). */
  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  static List<Object> l(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  /** Prints map trees the way go-yaml v2 does for kubectl: sorted keys, unindented sequences. */
  static final class Yaml {
    private static final Pattern NUMBER =
        Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0b[01_]+|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    private static final Pattern TIMESTAMP =
        Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?");
    private static final Set<String> RESERVED =
        Set.of(
            "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
            "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off",
            "OFF");

    private Yaml() {}

    static void map(Appendable out, Map<String, Object> map, int indent) throws IOException {
      mapBody(out, map, indent, false);
    }

    /** Entries of a map at {@code indent}; the first on the current line when {@code inline}. */
    static void mapBody(Appendable out, Map<String, Object> map, int indent, boolean inline)
        throws IOException {
      boolean first = true;
      for (Map.Entry<String, Object> e : map.entrySet()) {
        if (!(first && inline)) {
          pad(out, indent);
        }
        first = false;
        out.append(scalar(e.getKey())).append(':');
        value(out, e.getValue(), indent);
      }
    }

    @SuppressWarnings("unchecked")
    private static void value(Appendable out, Object v, int indent) throws IOException {
      if (v instanceof Map<?, ?> m) {
        if (m.isEmpty()) {
          out.append(" {}\n");
        } else {
          out.append('\n');
          mapBody(out, (Map<String, Object>) m, indent + 2, false);
        }
      } else if (v instanceof List<?> list) {
        if (list.isEmpty()) {
          out.append(" []\n");
          return;
        }
        out.append('\n');
        for (Object item : list) {
          pad(out, indent);
          out.append('-');
          if (item instanceof Map<?, ?> im && !im.isEmpty()) {
            out.append(' ');
            mapBody(out, (Map<String, Object>) im, indent + 2, true);
          } else {
            value(out, item, indent);
          }
        }
      } else if (v instanceof String s && s.indexOf('\n') >= 0) {
        out.append(s.endsWith("\n") ? " |\n" : " |-\n");
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        for (String line : body.split("\n", -1)) {
          if (!line.isEmpty()) {
            pad(out, indent + 2);
            out.append(line);
          }
          out.append('\n');
        }
      } else {
        out.append(' ')
            .append(v == null ? "null" : v instanceof String s ? scalar(s) : v.toString());
        out.append('\n');
      }
    }

    static String scalar(String s) {
      if (needsQuotes(s)) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
      }
      return s;
    }

    private static boolean needsQuotes(String s) {
      if (RESERVED.contains(s) || NUMBER.matcher(s).matches() || TIMESTAMP.matcher(s).matches()) {
        return true;
      }
      char c = s.charAt(0);
      if ("-?:,[]{}#&*!|>'\"%@` ".indexOf(c) >= 0 || s.endsWith(" ") || s.endsWith(":")) {
        return true;
      }
      return s.contains(": ") || s.contains(" #") || s.indexOf('\t') >= 0;
    }

    private static void pad(Appendable out, int n) throws IOException {
      for (int i = 0; i < n; i++) {
        out.append(' ');
      }
    }
  }

  /** For callers that want the objects themselves. */
  public static List<Map<String, Object>> objects(long seed, int count) {
    List<Map<String, Object>> out = new ArrayList<>(count);
    generate(seed, count, out::add);
    return out;
  }
}
