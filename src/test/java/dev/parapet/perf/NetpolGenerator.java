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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes the network side of a large multi-tenant cluster as {@code kubectl get
 * namespaces,deployments,replicasets,statefulsets,daemonsets,pods,services,networkpolicies -A -o
 * yaml} prints it: one {@code kind: List} document, kinds in that order, each sorted by namespace
 * and name, with uids, resourceVersions, timestamps and ownerReferences.
 *
 * <p>The cluster: platform namespaces (kube-system with CoreDNS, monitoring with Prometheus,
 * ingress-nginx, logging with a node agent, a shared data namespace with databases) and tenant
 * namespaces named team-env and labelled {@code team} and {@code env}. Workloads are Deployments
 * (with their current ReplicaSet and now and then an old one scaled to zero), StatefulSets and
 * DaemonSets whose pods carry {@code app}, {@code tier} and {@code version} labels and named
 * container ports (http, grpc, metrics, and a database's port for the data tier); Pods are owned by
 * their ReplicaSet, StatefulSet or DaemonSet, so the engine groups them by controller. Most
 * Deployments and StatefulSets have a Service.
 *
 * <p>NetworkPolicies, as teams write them: per namespace a default deny for ingress and for egress
 * (most namespaces), DNS egress to CoreDNS, metrics scraping from the monitoring namespace; per
 * workload ingress from the tier in front of it (podSelector, named port), from the ingress
 * controller (namespaceSelector and podSelector together), from other namespaces of the team
 * (matchExpressions on {@code env} and {@code team}), egress to its database (named or numbered
 * port), to a partner team, to company and partner address blocks (ipBlock with except, endPort
 * ranges), to the internet but not the metadata address, and a few policies whose selectors match
 * nothing (typos). The policy count is exact: a smaller count drops policies at random, a larger
 * one adds more per-workload rules.
 *
 * <p>The output is a function of the options.
 *
 * <pre>
 * java ... dev.parapet.perf.NetpolGenerator [--seed 1] [--namespaces 600] [--workloads 2000]
 *     [--pods 10000] [--policies 14000] [--out bench-data]
 * </pre>
 *
 * writes {@code netpol-PODS-POLICIES.yaml}.
 */
public final class NetpolGenerator {
  private static final Instant EPOCH = Instant.parse("2024-09-01T08:00:00Z");
  private static final String NAME_LABEL = "kubernetes.io/metadata.name";

  /** What to generate. */
  public record Spec(long seed, int namespaces, int workloads, int pods, int policies) {
    /** The target cluster. */
    public static Spec defaults() {
      return new Spec(1, 600, 2_000, 10_000, 14_000);
    }

    String fileName() {
      return "netpol-" + pods + "-" + policies + ".yaml";
    }
  }

  private static final String[] TEAMS = {
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
    "build",
    "release",
    "qa",
    "loyalty",
    "coupons",
    "reviews",
    "tax",
    "shipping"
  };
  private static final String[] ENVS = {"prod", "staging", "dev", "qa"};
  private static final String[] APPS = {
    "api",
    "web",
    "worker",
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
    "proxy",
    "auth",
    "admin",
    "reporter",
    "ingest",
    "router",
    "webhook",
    "batch",
    "stream",
    "store",
    "session",
    "db"
  };
  private static final String[] TIERS = {"frontend", "backend", "backend", "worker", "data"};

  /** Databases of the data tier: image, port name, port. */
  private static final String[][] DATABASES = {
    {"postgres:16.3", "postgres", "5432"},
    {"mysql:8.4", "mysql", "3306"},
    {"redis:7.2.4", "redis", "6379"},
    {"mongo:7.0", "mongodb", "27017"},
    {"bitnami/kafka:3.7", "kafka", "9092"},
    {"elasticsearch:8.14.1", "http-es", "9200"}
  };

  /** Address blocks policies name: company networks, partners, SaaS endpoints. */
  private static final String[] BLOCKS = {
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "10.20.0.0/16",
    "10.30.0.0/16",
    "10.40.8.0/22",
    "100.64.0.0/10",
    "203.0.113.0/24",
    "198.51.100.0/24",
    "192.0.2.0/24",
    "52.94.0.0/16",
    "34.117.0.0/16",
    "35.190.0.0/17",
    "151.101.0.0/16",
    "140.82.112.0/20",
    "13.107.6.0/24",
    "185.199.108.0/22",
    "8.8.8.8/32",
    "1.1.1.1/32",
    "2001:db8::/32",
    "fd00::/8"
  };

  /** Exceptions carved out of the wide blocks. */
  private static final String[][] EXCEPT = {
    {"10.0.0.0/8", "10.96.0.0/12"},
    {"10.0.0.0/8", "10.244.0.0/16"},
    {"172.16.0.0/12", "172.20.0.0/16"},
    {"192.168.0.0/16", "192.168.100.0/24"},
    {"0.0.0.0/0", "169.254.169.254/32"},
    {"0.0.0.0/0", "10.0.0.0/8"},
    {"0.0.0.0/0", "172.16.0.0/12"},
    {"0.0.0.0/0", "192.168.0.0/16"}
  };

  private final Spec spec;
  private final Random rnd;
  private long resourceVersion = 500_000;
  private final List<Ns> namespaces = new ArrayList<>();
  private final List<Wl> workloads = new ArrayList<>();
  private final Map<String, TreeMap<String, Map<String, Object>>> out = new LinkedHashMap<>();

  private record Ns(String name, String team, String env, boolean platform) {}

  private static final class Wl {
    final Ns ns;
    final String kind;
    final String name;
    final String app;
    final String tier;
    final String version;
    final String[] db;
    int replicas;

    Wl(Ns ns, String kind, String name, String app, String tier, String version, String[] db) {
      this.ns = ns;
      this.kind = kind;
      this.name = name;
      this.app = app;
      this.tier = tier;
      this.version = version;
      this.db = db;
    }
  }

  private NetpolGenerator(Spec spec) {
    this.spec = spec;
    this.rnd = new Random(spec.seed());
    for (String kind :
        List.of(
            "Namespace",
            "Deployment",
            "ReplicaSet",
            "StatefulSet",
            "DaemonSet",
            "Pod",
            "Service",
            "NetworkPolicy")) {
      out.put(kind, new TreeMap<>());
    }
  }

  public static void main(String[] args) throws IOException {
    Spec d = Spec.defaults();
    long seed = d.seed();
    int namespaces = d.namespaces();
    int workloads = d.workloads();
    int pods = d.pods();
    int policies = d.policies();
    Path dir = Path.of("bench-data");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--namespaces" -> namespaces = number(args[++i]);
        case "--workloads" -> workloads = number(args[++i]);
        case "--pods" -> pods = number(args[++i]);
        case "--policies" -> policies = number(args[++i]);
        case "--out" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Spec spec = new Spec(seed, namespaces, workloads, pods, policies);
    Files.createDirectories(dir);
    Path file = dir.resolve(spec.fileName());
    Map<String, Integer> counts;
    try (Writer w =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
      counts = write(spec, w);
    }
    System.out.printf("%s: %,d bytes%n", file, Files.size(file));
    counts.forEach((k, v) -> System.out.printf("  %-14s %,7d%n", k, v));
  }

  private static int number(String s) {
    return Integer.parseInt(s.replace("_", ""));
  }

  /** Writes the List document; returns the number of objects of each kind. */
  public static Map<String, Integer> write(Spec spec, Appendable w) {
    NetpolGenerator g = new NetpolGenerator(spec);
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
    namespaces();
    workloads();
    replicas();
    for (Wl w : workloads) {
      emitWorkload(w);
    }
    policies();
  }

  private void namespaces() {
    String[] platform = {"kube-system", "monitoring", "ingress-nginx", "logging", "shared-data"};
    for (int i = 0; i < Math.min(platform.length, spec.namespaces()); i++) {
      namespaces.add(new Ns(platform[i], "platform", "prod", true));
    }
    int i = 0;
    while (namespaces.size() < spec.namespaces()) {
      String team = TEAMS[i % TEAMS.length];
      String env = ENVS[(i / TEAMS.length) % ENVS.length];
      int round = i / (TEAMS.length * ENVS.length);
      String name = team + "-" + env + (round == 0 ? "" : "-" + (round + 1));
      namespaces.add(new Ns(name, team, env, false));
      i++;
    }
    for (Ns ns : namespaces) {
      Map<String, Object> labels = m(NAME_LABEL, ns.name(), "team", ns.team(), "env", ns.env());
      if (ns.name().equals("kube-system") || ns.name().equals("ingress-nginx")) {
        labels.put("pod-security.kubernetes.io/enforce", "privileged");
      }
      Map<String, Object> o =
          m(
              "apiVersion",
              "v1",
              "kind",
              "Namespace",
              "metadata",
              meta(null, ns.name(), labels),
              "spec",
              m("finalizers", l("kubernetes")),
              "status",
              m("phase", "Active"));
      put("Namespace", null, ns.name(), o);
    }
  }

  private void workloads() {
    Ns system = namespaces.get(0);
    workloads.add(new Wl(system, "Deployment", "coredns", "kube-dns", "system", "v1", null));
    if (namespaces.size() > 1) {
      workloads.add(
          new Wl(
              namespaces.get(1), "StatefulSet", "prometheus", "prometheus", "system", "v2", null));
    }
    if (namespaces.size() > 2) {
      workloads.add(
          new Wl(
              namespaces.get(2),
              "Deployment",
              "ingress-nginx-controller",
              "ingress-nginx",
              "frontend",
              "v1",
              null));
    }
    if (namespaces.size() > 3) {
      workloads.add(
          new Wl(namespaces.get(3), "DaemonSet", "fluent-bit", "fluent-bit", "system", "v3", null));
    }
    int dbs = 0;
    int n = 0;
    while (workloads.size() < spec.workloads()) {
      // heavy-tailed: a few namespaces hold many workloads
      Ns ns = pickNamespace();
      String tier = TIERS[rnd.nextInt(TIERS.length)];
      if (ns.name().equals("shared-data")) {
        tier = "data";
      }
      String[] db = tier.equals("data") ? DATABASES[dbs++ % DATABASES.length] : null;
      String app = db != null ? db[1] : APPS[rnd.nextInt(APPS.length - 1)];
      String name = app + "-" + Integer.toString(n++, 36);
      String kind =
          db != null
              ? "StatefulSet"
              : rnd.nextInt(20) == 0
                  ? "DaemonSet"
                  : rnd.nextInt(12) == 0 ? "StatefulSet" : "Deployment";
      String version = "v" + (1 + rnd.nextInt(3));
      workloads.add(new Wl(ns, kind, name, app, tier, version, db));
    }
  }

  private Ns pickNamespace() {
    double u = rnd.nextDouble();
    int idx = (int) (namespaces.size() * u * u * u);
    return namespaces.get(Math.min(namespaces.size() - 1, idx));
  }

  /** Spreads the pods over the workloads: one at least each, some with many. */
  private void replicas() {
    int left = spec.pods();
    for (Wl w : workloads) {
      w.replicas = 1;
      left--;
    }
    while (left > 0) {
      Wl w = workloads.get(rnd.nextInt(workloads.size()));
      int add = Math.min(left, 1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(30) : rnd.nextInt(4)));
      w.replicas += add;
      left -= add;
    }
  }

  private void emitWorkload(Wl w) {
    Map<String, Object> podLabels = m("app", w.app, "tier", w.tier, "version", w.version);
    if (w.app.equals("kube-dns")) {
      podLabels = m("k8s-app", "kube-dns", "app", "coredns", "tier", "system", "version", "v1");
    }
    if (rnd.nextInt(3) == 0) {
      podLabels.put("app.kubernetes.io/part-of", w.ns.team());
    }
    Map<String, Object> podSpec = podSpec(w);
    Map<String, Object> template = m("metadata", m("labels", podLabels), "spec", podSpec);
    Map<String, Object> selector = m("matchLabels", m("app", podLabels.get("app")));
    Map<String, Object> workloadSpec = m("selector", selector, "template", template);
    if (!w.kind.equals("DaemonSet")) {
      workloadSpec.put("replicas", w.replicas);
    }
    if (w.kind.equals("StatefulSet")) {
      workloadSpec.put("serviceName", w.name);
    }
    Map<String, Object> labels = m("app", podLabels.get("app"));
    Map<String, Object> wo =
        m(
            "apiVersion",
            "apps/v1",
            "kind",
            w.kind,
            "metadata",
            meta(w.ns.name(), w.name, labels),
            "spec",
            workloadSpec,
            "status",
            m("observedGeneration", 1, "replicas", w.replicas));
    put(w.kind, w.ns.name(), w.name, wo);
    String ownerKind = w.kind;
    String ownerName = w.name;
    String ownerUid = uidOf(wo);
    Map<String, Object> extra = m();
    if (w.kind.equals("Deployment")) {
      String hash = hash();
      if (rnd.nextInt(10) == 0) {
        // an old ReplicaSet kept for rollback, scaled to zero, with the previous version's labels
        Map<String, Object> old = new TreeMap<>(podLabels);
        old.put("version", "v0");
        old.put("pod-template-hash", hash());
        replicaSet(w, wo, old, podSpec, 0);
      }
      Map<String, Object> rsLabels = new TreeMap<>(podLabels);
      rsLabels.put("pod-template-hash", hash);
      Map<String, Object> rs = replicaSet(w, wo, rsLabels, podSpec, w.replicas);
      ownerKind = "ReplicaSet";
      ownerName = name(rs);
      ownerUid = uidOf(rs);
      extra.put("pod-template-hash", hash);
    } else if (w.kind.equals("StatefulSet")) {
      extra.put("controller-revision-hash", w.name + "-" + hash());
    } else {
      extra.put("controller-revision-hash", hash());
      extra.put("pod-template-generation", "1");
    }
    for (int i = 0; i < w.replicas; i++) {
      Map<String, Object> labels2 = new TreeMap<>(podLabels);
      labels2.putAll(extra);
      String podName = w.kind.equals("StatefulSet") ? w.name + "-" + i : null;
      while (podName == null || out.get("Pod").containsKey(w.ns.name() + "/" + podName)) {
        podName = ownerName + "-" + suffix(5);
      }
      if (w.kind.equals("StatefulSet")) {
        labels2.put("statefulset.kubernetes.io/pod-name", podName);
      }
      Map<String, Object> md = meta(w.ns.name(), podName, labels2);
      md.put("generateName", w.kind.equals("StatefulSet") ? w.name + "-" : ownerName + "-");
      md.put("ownerReferences", l(owner("apps/v1", ownerKind, ownerName, ownerUid)));
      Map<String, Object> ps = new TreeMap<>(podSpec);
      ps.put("nodeName", "node-" + rnd.nextInt(200));
      Map<String, Object> pod =
          m(
              "apiVersion",
              "v1",
              "kind",
              "Pod",
              "metadata",
              md,
              "spec",
              ps,
              "status",
              m(
                  "phase",
                  "Running",
                  "podIP",
                  "10.244." + rnd.nextInt(256) + "." + rnd.nextInt(256),
                  "qosClass",
                  "Burstable"));
      put("Pod", w.ns.name(), podName, pod);
    }
    if (!w.kind.equals("DaemonSet") && rnd.nextInt(10) < 9) {
      service(w, podLabels);
    }
  }

  private Map<String, Object> replicaSet(
      Wl w,
      Map<String, Object> deployment,
      Map<String, Object> labels,
      Map<String, Object> ps,
      int n) {
    String name = w.name + "-" + labels.get("pod-template-hash");
    Map<String, Object> md = meta(w.ns.name(), name, m("app", labels.get("app")));
    md.put("ownerReferences", l(owner("apps/v1", "Deployment", w.name, uidOf(deployment))));
    Map<String, Object> rs =
        m(
            "apiVersion",
            "apps/v1",
            "kind",
            "ReplicaSet",
            "metadata",
            md,
            "spec",
            m(
                "replicas",
                n,
                "selector",
                m(
                    "matchLabels",
                    m(
                        "app",
                        labels.get("app"),
                        "pod-template-hash",
                        labels.get("pod-template-hash"))),
                "template",
                m("metadata", m("labels", labels), "spec", ps)),
            "status",
            m("replicas", n));
    put("ReplicaSet", w.ns.name(), name, rs);
    return rs;
  }

  private Map<String, Object> podSpec(Wl w) {
    List<Object> ports = l();
    String image;
    if (w.app.equals("kube-dns")) {
      image = "registry.k8s.io/coredns/coredns:v1.11.1";
      ports.add(port("dns", 53, "UDP"));
      ports.add(port("dns-tcp", 53, "TCP"));
      ports.add(port("metrics", 9153, "TCP"));
    } else if (w.db != null) {
      image = w.db[0];
      ports.add(port(w.db[1], Integer.parseInt(w.db[2]), "TCP"));
      ports.add(port("metrics", 9187, "TCP"));
    } else {
      image = "ghcr.io/acme/" + w.app + ":" + w.version + "." + rnd.nextInt(20);
      ports.add(port("http", w.app.equals("prometheus") ? 9090 : 8080, "TCP"));
      if (rnd.nextInt(3) == 0) {
        ports.add(port("grpc", 9090 + rnd.nextInt(2), "TCP"));
      }
      ports.add(port("metrics", 9100, "TCP"));
      if (w.app.equals("ingress-nginx")) {
        ports.add(port("https", 443, "TCP"));
      }
    }
    Map<String, Object> container =
        m(
            "name",
            w.app,
            "image",
            image,
            "ports",
            ports,
            "resources",
            m("requests", m("cpu", "100m", "memory", "128Mi")));
    Map<String, Object> spec = m("containers", l(container), "serviceAccountName", "default");
    if (w.app.equals("fluent-bit")) {
      spec.put("hostNetwork", true);
    }
    return spec;
  }

  private static Map<String, Object> port(String name, int number, String protocol) {
    return m("name", name, "containerPort", number, "protocol", protocol);
  }

  private void service(Wl w, Map<String, Object> podLabels) {
    String type = "ClusterIP";
    int roll = rnd.nextInt(50);
    if (w.app.equals("ingress-nginx") || roll == 0) {
      type = "LoadBalancer";
    } else if (roll == 1) {
      type = "NodePort";
    }
    int target = w.db != null ? Integer.parseInt(w.db[2]) : 8080;
    Map<String, Object> sp =
        m(
            "type",
            type,
            "selector",
            m("app", podLabels.get("app")),
            "clusterIP",
            "10.96." + rnd.nextInt(256) + "." + rnd.nextInt(256),
            "ports",
            l(
                m(
                    "name",
                    "main",
                    "port",
                    w.db != null ? target : 80,
                    "protocol",
                    "TCP",
                    "targetPort",
                    target)));
    Map<String, Object> svc =
        m(
            "apiVersion",
            "v1",
            "kind",
            "Service",
            "metadata",
            meta(w.ns.name(), w.name, m("app", podLabels.get("app"))),
            "spec",
            sp);
    put("Service", w.ns.name(), w.name, svc);
  }

  // --- policies --------------------------------------------------------------------------------

  private final List<Map<String, Object>> policies = new ArrayList<>();

  private void policies() {
    for (Ns ns : namespaces) {
      namespacePolicies(ns);
    }
    List<Wl> tenants = workloads.stream().filter(w -> !w.ns.platform() || w.db != null).toList();
    if (tenants.isEmpty()) {
      tenants = workloads;
    }
    int round = 0;
    while (policies.size() < spec.policies() && round < 1000) {
      for (Wl w : tenants) {
        if (policies.size() >= spec.policies()) {
          break;
        }
        workloadPolicies(w, round);
      }
      round++;
    }
    while (policies.size() > spec.policies()) {
      policies.remove(rnd.nextInt(policies.size()));
    }
    Map<String, Integer> seen = new TreeMap<>();
    for (Map<String, Object> p : policies) {
      @SuppressWarnings("unchecked")
      Map<String, Object> md = (Map<String, Object>) p.get("metadata");
      String ns = (String) md.get("namespace");
      String name = (String) md.get("name");
      int k = seen.merge(ns + "/" + name, 1, Integer::sum);
      if (k > 1) {
        name = name + "-" + k;
        md.put("name", name);
      }
      put("NetworkPolicy", ns, name, p);
    }
  }

  private void namespacePolicies(Ns ns) {
    if (ns.name().equals("kube-system")) {
      policy(
          ns,
          "allow-dns",
          m("matchLabels", m("k8s-app", "kube-dns")),
          l("Ingress"),
          l(
              rule(
                  "from",
                  l(),
                  l(m("port", 53, "protocol", "UDP"), m("port", 53, "protocol", "TCP")))),
          null);
      return;
    }
    int roll = rnd.nextInt(20);
    if (roll < 18) {
      policy(ns, "default-deny-ingress", m(), l("Ingress"), null, null);
    }
    if (roll < 14) {
      policy(ns, "default-deny-egress", m(), l("Egress"), null, null);
      policy(
          ns,
          "allow-dns",
          m(),
          l("Egress"),
          null,
          l(
              rule(
                  "to",
                  l(
                      m(
                          "namespaceSelector",
                          m("matchLabels", m(NAME_LABEL, "kube-system")),
                          "podSelector",
                          m("matchLabels", m("k8s-app", "kube-dns")))),
                  l(m("port", 53, "protocol", "UDP"), m("port", "dns-tcp", "protocol", "TCP")))));
    } else if (roll == 14) {
      // both directions denied in one policy
      policy(ns, "default-deny-all", m(), l("Ingress", "Egress"), null, null);
    }
    if (!ns.platform() || ns.name().equals("shared-data")) {
      policy(
          ns,
          "allow-prometheus",
          m(),
          l("Ingress"),
          l(
              rule(
                  "from",
                  l(
                      m(
                          "namespaceSelector",
                          m("matchLabels", m(NAME_LABEL, "monitoring")),
                          "podSelector",
                          m("matchLabels", m("app", "prometheus")))),
                  l(m("port", "metrics", "protocol", "TCP")))),
          null);
    }
    if (!ns.platform() && rnd.nextInt(4) == 0) {
      policy(
          ns,
          "allow-same-namespace",
          m(),
          null,
          l(rule("from", l(m("podSelector", m())), null)),
          null);
    }
  }

  private void workloadPolicies(Wl w, int round) {
    Map<String, Object> self = m("matchLabels", m("app", w.app, "tier", w.tier));
    int kind = (round * 7 + rnd.nextInt(11)) % 11;
    Ns ns = w.ns;
    switch (kind) {
      case 0 -> {
        // from the tier in front, on the named http port
        String from = w.tier.equals("backend") ? "frontend" : "backend";
        policy(
            ns,
            w.name + "-from-" + from,
            self,
            l("Ingress"),
            l(
                rule(
                    "from",
                    l(m("podSelector", m("matchLabels", m("tier", from)))),
                    l(m("port", w.db != null ? w.db[1] : "http", "protocol", "TCP")))),
            null);
      }
      case 1 -> {
        // from the ingress controller: both selectors in one peer
        policy(
            ns,
            w.name + "-from-ingress",
            self,
            l("Ingress"),
            l(
                rule(
                    "from",
                    l(
                        m(
                            "namespaceSelector",
                            m("matchLabels", m(NAME_LABEL, "ingress-nginx")),
                            "podSelector",
                            m("matchLabels", m("app", "ingress-nginx")))),
                    l(m("port", 8080, "protocol", "TCP")))),
            null);
      }
      case 2 -> {
        // from the team's other environments, by expressions
        policy(
            ns,
            w.name + "-from-team",
            self,
            l("Ingress"),
            l(
                rule(
                    "from",
                    l(
                        m(
                            "namespaceSelector",
                            m(
                                "matchExpressions",
                                l(
                                    expr("team", "In", ns.team()),
                                    expr("env", "NotIn", "dev", "qa"))),
                            "podSelector",
                            m("matchExpressions", l(expr("tier", "In", "frontend", "backend"))))),
                    l(m("port", "http", "protocol", "TCP"), m("port", "grpc", "protocol", "TCP")))),
            null);
      }
      case 3 -> {
        // egress to a database: in the namespace, or in shared-data
        String[] db = DATABASES[rnd.nextInt(DATABASES.length)];
        Map<String, Object> peer = m("podSelector", m("matchLabels", m("app", db[1])));
        if (rnd.nextBoolean()) {
          peer.put("namespaceSelector", m("matchLabels", m(NAME_LABEL, "shared-data")));
        }
        Object port = rnd.nextBoolean() ? db[1] : Integer.parseInt(db[2]);
        policy(
            ns,
            w.name + "-to-" + db[1],
            self,
            l("Egress"),
            null,
            l(rule("to", l(peer), l(m("port", port, "protocol", "TCP")))));
      }
      case 4 -> {
        // egress to a partner team's production namespaces
        String partner = TEAMS[rnd.nextInt(TEAMS.length)];
        policy(
            ns,
            w.name + "-to-" + partner,
            self,
            l("Egress"),
            null,
            l(
                rule(
                    "to",
                    l(
                        m(
                            "namespaceSelector",
                            m("matchLabels", m("team", partner, "env", "prod")),
                            "podSelector",
                            m(
                                "matchExpressions",
                                l(expr("tier", "Exists"), expr("canary", "DoesNotExist"))))),
                    l(m("port", 8080, "protocol", "TCP", "endPort", 8090)))));
      }
      case 5 -> {
        // company and partner networks, a wide block minus exceptions
        String[] ex = EXCEPT[rnd.nextInt(4)];
        String extra = BLOCKS[3 + rnd.nextInt(16)];
        policy(
            ns,
            w.name + "-to-corp",
            self,
            l("Egress"),
            null,
            l(
                rule(
                    "to",
                    l(ipBlock(ex[0], ex[1]), ipBlock(extra)),
                    l(
                        m("port", 443, "protocol", "TCP"),
                        m("port", 5000, "endPort", 5100, "protocol", "TCP")))));
      }
      case 6 -> {
        // the internet on https, but not the metadata address (or, now and then, everything)
        boolean wide = rnd.nextInt(8) == 0;
        String[] ex = EXCEPT[4 + rnd.nextInt(4)];
        policy(
            ns,
            w.name + "-to-internet",
            self,
            l("Egress"),
            null,
            l(
                rule(
                    "to",
                    l(wide ? ipBlock("0.0.0.0/0") : ipBlock(ex[0], ex[1])),
                    wide ? null : l(m("port", 443, "protocol", "TCP")))));
      }
      case 7 -> {
        // ingress from partner address blocks, IPv4 and IPv6
        policy(
            ns,
            w.name + "-from-partners",
            self,
            l("Ingress"),
            l(
                rule(
                    "from",
                    l(ipBlock(BLOCKS[7 + rnd.nextInt(12)]), ipBlock(BLOCKS[19 + rnd.nextInt(2)])),
                    l(m("port", "http", "protocol", "TCP")))),
            null);
      }
      case 8 -> {
        // both directions for a worker: ingress from the app, egress to a queue, UDP and SCTP
        policy(
            ns,
            w.name + "-worker",
            m("matchExpressions", l(expr("app", "In", w.app), expr("version", "NotIn", "v0"))),
            l("Ingress", "Egress"),
            l(rule("from", l(m("podSelector", m("matchLabels", m("app", w.app)))), null)),
            l(
                rule(
                    "to",
                    l(m("podSelector", m("matchLabels", m("app", "kafka")))),
                    l(m("port", 9092, "protocol", "TCP"))),
                rule(
                    "to",
                    l(m("namespaceSelector", m("matchLabels", m("team", ns.team())))),
                    l(m("port", 8125, "protocol", "UDP"), m("port", 3868, "protocol", "SCTP")))));
      }
      case 9 -> {
        // a selector with a typo: selects no pod
        policy(
            ns,
            w.name + "-typo",
            m("matchLabels", m("app", w.app + "-svc")),
            l("Ingress"),
            l(rule("from", l(m("podSelector", m("matchLabels", m("tier", "fronted")))), null)),
            null);
      }
      default -> {
        // the whole namespace of a version, from every namespace of the env
        policy(
            ns,
            w.name + "-from-" + ns.env(),
            m("matchLabels", m("app", w.app, "version", w.version)),
            l("Ingress"),
            l(
                rule(
                    "from",
                    l(m("namespaceSelector", m("matchLabels", m("env", ns.env())))),
                    l(m("port", "http", "protocol", "TCP")))),
            null);
      }
    }
  }

  private void policy(
      Ns ns,
      String name,
      Map<String, Object> podSelector,
      List<Object> types,
      List<Object> ingress,
      List<Object> egress) {
    Map<String, Object> spec = m("podSelector", podSelector);
    if (types != null) {
      spec.put("policyTypes", types);
    }
    if (ingress != null) {
      spec.put("ingress", ingress);
    }
    if (egress != null) {
      spec.put("egress", egress);
    }
    policies.add(
        m(
            "apiVersion",
            "networking.k8s.io/v1",
            "kind",
            "NetworkPolicy",
            "metadata",
            meta(ns.name(), name, m()),
            "spec",
            spec));
  }

  private static Map<String, Object> rule(String peers, List<Object> to, List<Object> ports) {
    Map<String, Object> r = m();
    if (to != null && !to.isEmpty()) {
      r.put(peers, to);
    }
    if (ports != null) {
      r.put("ports", ports);
    }
    return r;
  }

  private static Map<String, Object> expr(String key, String op, String... values) {
    Map<String, Object> e = m("key", key, "operator", op);
    if (values.length > 0) {
      e.put("values", l((Object[]) values));
    }
    return e;
  }

  private static Map<String, Object> ipBlock(String cidr, String... except) {
    Map<String, Object> b = m("cidr", cidr);
    if (except.length > 0) {
      b.put("except", l((Object[]) except));
    }
    return m("ipBlock", b);
  }

  // --- objects ---------------------------------------------------------------------------------

  private Map<String, Object> meta(String ns, String name, Map<String, Object> labels) {
    Map<String, Object> md =
        m(
            "name",
            name,
            "uid",
            new UUID(rnd.nextLong(), rnd.nextLong()).toString(),
            "resourceVersion",
            Long.toString(resourceVersion++),
            "creationTimestamp",
            EPOCH.plusSeconds(rnd.nextInt(30_000_000)).toString());
    if (ns != null) {
      md.put("namespace", ns);
    }
    if (!labels.isEmpty()) {
      md.put("labels", labels);
    }
    return md;
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

  private void put(String kind, String ns, String name, Map<String, Object> o) {
    String key = (ns == null ? "" : ns) + "/" + name;
    if (out.get(kind).putIfAbsent(key, o) != null) {
      throw new IllegalStateException("duplicate " + kind + " " + key);
    }
  }

  @SuppressWarnings("unchecked")
  private static String uidOf(Map<String, Object> o) {
    return (String) ((Map<String, Object>) o.get("metadata")).get("uid");
  }

  @SuppressWarnings("unchecked")
  private static String name(Map<String, Object> o) {
    return (String) ((Map<String, Object>) o.get("metadata")).get("name");
  }

  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private String hash() {
    return suffix(9 + rnd.nextInt(2));
  }

  private String suffix(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
