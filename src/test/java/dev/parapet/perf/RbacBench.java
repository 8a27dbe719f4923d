package dev.parapet.perf;

import dev.parapet.check.Check;
import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.rbac.Binding;
import dev.parapet.rbac.Escalations;
import dev.parapet.rbac.Identity;
import dev.parapet.rbac.PolicyRule;
import dev.parapet.rbac.RbacChecks;
import dev.parapet.rbac.RbacIndex;
import dev.parapet.rbac.Request;
import dev.parapet.rbac.ResourceRequest;
import dev.parapet.rbac.Role;
import dev.parapet.rbac.Subject;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Measures the RBAC engine on one policy dump (see {@link RbacGenerator}), in one JVM, in this
 * order:
 *
 * <ol>
 *   <li><b>heap</b>: used heap after full collections with the loaded inventory held, then with its
 *       {@link RbacIndex} too, each minus the step before;
 *   <li><b>load</b>: {@link Scanner#load} of the file (read, parse with positions, inventory), for
 *       context;
 *   <li><b>index</b>: {@link RbacIndex#of} on a fresh {@link Inventory} of the same objects each
 *       run ({@code RbacIndex.of} keeps one index per inventory, so reusing one would time a
 *       lookup); making the fresh inventory is not timed;
 *   <li><b>can-i</b>: {@link RbacIndex#canI} and {@link RbacIndex#allowed} for a seeded mix of
 *       users, members of groups and service accounts, on common and rare requests, namespaced and
 *       cluster-wide; latency of each query;
 *   <li><b>who-can</b>: {@link RbacIndex#whoCan} for common and rare requests, namespaced,
 *       cluster-wide and non-resource; latency of each query;
 *   <li><b>checks</b>: every check of {@link RbacChecks#ALL} through {@link Scanner#check} (the
 *       scanner's path: runner, overlaps, suppressions) on a fresh inventory, so the index is built
 *       inside the timed run; then each check alone, after the index, for where the time goes.
 * </ol>
 *
 * <p>Whole-run timings are reported as median, min and max of the measured runs after warm-up runs,
 * with process CPU time; query latencies as median, 99th percentile and maximum over every query of
 * the measured passes, and separately for the first pass, which runs while the query code is still
 * being compiled. On a shared machine a query's wall time includes waiting for a core, so the query
 * thread's own CPU time is reported too.
 *
 * <pre>
 * java ... dev.parapet.perf.RbacBench [--runs 5] [--warmup 2] [--queries 20000] [--seed 7]
 *     [--only heap,load,index,cani,whocan,checks] FILE
 * </pre>
 */
public final class RbacBench {
  private RbacBench() {}

  public static void main(String[] args) throws IOException {
    int runs = 5;
    int warmup = 2;
    int queries = 20_000;
    long seed = 7;
    List<String> only = List.of("heap", "load", "index", "cani", "whocan", "checks");
    String file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--queries" -> queries = Integer.parseInt(args[++i].replace("_", ""));
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--only" -> only = Arrays.asList(args[++i].split(","));
        default -> {
          if (file != null) {
            throw new IllegalArgumentException("name one input file");
          }
          file = args[i];
        }
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("name the input file");
    }
    run(file, runs, warmup, queries, seed, only);
  }

  private static void run(
      String file, int runs, int warmup, int queries, long seed, List<String> only)
      throws IOException {
    double mb = Files.size(Path.of(file)) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "input: %s (%.1f MB), %d cores, max heap %d MiB, %s %s%n",
        file,
        mb,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getVmName(),
        System.getProperty("java.version"));

    Scanner.Loaded loaded;
    if (only.contains("heap")) {
      long before = usedAfterGc();
      loaded = load(file);
      long withInventory = usedAfterGc();
      RbacIndex held = RbacIndex.of(loaded.inventory());
      long withIndex = usedAfterGc();
      System.out.printf(
          Locale.ROOT,
          "retained heap: inventory %,d MiB, RBAC index on top %,d MiB%n",
          (withInventory - before) >> 20,
          (withIndex - withInventory) >> 20);
      Reference.reachabilityFence(held);
    } else {
      loaded = load(file);
    }
    Inventory inventory = loaded.inventory();
    describe(inventory);

    if (only.contains("load")) {
      double[] t = time(warmup, runs, () -> load(file).inventory().size());
      report(
          "load (Scanner.load: read, parse, inventory)",
          t,
          String.format(Locale.ROOT, "%.1f MB/s", mb / median(t)));
    }

    if (only.contains("index")) {
      List<K8sObject> objects = inventory.objects();
      double[] t = time(warmup, runs, () -> Inventory.of(objects), RbacIndex::of);
      report("index build (RbacIndex.of, fresh inventory)", t, "");
    }

    RbacIndex index = RbacIndex.of(inventory);
    System.out.printf(
        Locale.ROOT,
        "  %s, %d problems (bindings to missing roles)%n",
        index,
        index.problems().size());
    Queries q = new Queries(index, inventory, new Random(seed));

    if (only.contains("cani")) {
      List<Identity> who = new ArrayList<>();
      List<Request> what = new ArrayList<>();
      q.canI(queries, who, what);
      int n = who.size();
      latency(
          "can-i (RbacIndex.canI, every grant)",
          warmup,
          runs,
          n,
          i -> index.canI(who.get(i), what.get(i)),
          d -> d.allowed() ? d.grants().size() : -1);
      latency(
          "can-i (RbacIndex.allowed, first grant)",
          warmup,
          runs,
          n,
          i -> index.allowed(who.get(i), what.get(i)),
          d -> d.allowed() ? d.grants().size() : -1);
      System.out.println("  canI by identity kind, after the passes above:");
      for (String kind : List.of("user", "member", "serviceaccount")) {
        int[] pick = q.ofKind(kind);
        latency(
            "    " + kind,
            0,
            runs,
            pick.length,
            i -> index.canI(who.get(pick[i]), what.get(pick[i])),
            d -> d.allowed() ? d.grants().size() : -1);
      }
    }

    if (only.contains("whocan")) {
      int per = Math.max(1, queries / 20);
      for (Map.Entry<String, List<Request>> e : q.whoCan(per).entrySet()) {
        List<Request> rs = e.getValue();
        latency(
            "who-can, " + e.getKey(),
            warmup,
            runs,
            rs.size(),
            i -> index.whoCan(rs.get(i)),
            List::size);
      }
    }

    if (only.contains("checks")) {
      checks(inventory, warmup, runs);
    }
  }

  // --- all RBAC checks -------------------------------------------------------------------------

  private static void checks(Inventory inventory, int warmup, int runs) {
    List<String> ids = RbacChecks.ALL.stream().map(c -> c.meta().id()).toList();
    Scanner.Options options =
        new Scanner.Options("latest", "restricted", List.of(), ids, List.of(), Severity.INFO, null);
    List<K8sObject> objects = inventory.objects();
    ScanResult[] last = new ScanResult[1];
    double[] t =
        time(
            warmup,
            runs,
            () -> new Scanner.Loaded(Inventory.of(objects), 1, List.of()),
            loaded -> {
              last[0] = Scanner.check(loaded, options, List.of("bench"), "bench");
              // the escalation closure is inside: RBAC-017 and RBAC-021 ask for it
              // (Escalations.of), so this is the "all RBAC checks with the closure"
              return last[0].findings().size();
            });
    ScanResult r = last[0];
    List<String> ran = r.checks().stream().map(m -> m.id()).toList();
    if (!ran.equals(ids)) {
      throw new IllegalStateException("Scanner selected " + ran + ", expected " + ids);
    }
    report("all RBAC checks (Scanner.check, fresh inventory, index built inside)", t, "");
    Map<String, Integer> perCheck = new TreeMap<>();
    long chars = 0;
    for (Finding f : r.findings()) {
      perCheck.merge(f.check().id(), 1, Integer::sum);
      chars += f.message().length();
    }
    System.out.printf(
        Locale.ROOT,
        "  findings: %,d %s, messages %,d chars in all; check errors: %d%n",
        r.findings().size(),
        perCheck,
        chars,
        r.errors().size());

    // where the time goes: the index, then each check alone on the same inventory
    Map<String, double[]> parts = new LinkedHashMap<>();
    parts.put("RbacIndex.of", new double[runs]);
    parts.put("Escalations", new double[runs]);
    for (Check c : RbacChecks.ALL) {
      parts.put(c.meta().id(), new double[runs]);
    }
    for (int run = -warmup; run < runs; run++) {
      Inventory fresh = Inventory.of(objects);
      System.gc();
      long t0 = System.nanoTime();
      RbacIndex.of(fresh);
      record(parts.get("RbacIndex.of"), run, t0);
      long te = System.nanoTime();
      Escalations closure = Escalations.of(fresh);
      record(parts.get("Escalations"), run, te);
      if (run == runs - 1) {
        System.out.println("  " + closure);
      }
      CheckContext context = CheckContext.of(fresh);
      for (Check c : RbacChecks.ALL) {
        long t1 = System.nanoTime();
        CheckRunner.run(List.of(c), context);
        record(parts.get(c.meta().id()), run, t1);
      }
    }
    System.out.println(
        "  each part alone, in this order on one fresh inventory (median of "
            + runs
            + " runs; the first rule-through-binding check also builds the written-rule lookup):");
    parts.forEach(
        (name, s) ->
            System.out.printf(
                Locale.ROOT,
                "    %-13s %8.1f ms (min %.1f, max %.1f)%n",
                name,
                median(s) * 1e3,
                min(s) * 1e3,
                max(s) * 1e3));
  }

  private static void record(double[] into, int run, long since) {
    if (run >= 0) {
      into[run] = (System.nanoTime() - since) / 1e9;
    }
  }

  // --- queries ---------------------------------------------------------------------------------

  /** Seeded query mixes drawn from the subjects and rules the policy actually holds. */
  private static final class Queries {
    private final RbacIndex index;
    private final Random rnd;
    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final List<String[]> serviceAccounts = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, List<String>> userNamespaces = new TreeMap<>();
    private final Map<String, List<Integer>> kinds = new TreeMap<>();

    Queries(RbacIndex index, Inventory inventory, Random rnd) {
      this.index = index;
      this.rnd = rnd;
      TreeSet<String> us = new TreeSet<>();
      TreeSet<String> gs = new TreeSet<>();
      for (Binding b : index.bindings()) {
        for (Subject s : b.subjects()) {
          if (s.kind() == Subject.Kind.USER && !s.name().startsWith("system:")) {
            us.add(s.name());
            if (!b.isClusterRoleBinding()) {
              userNamespaces.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(b.namespace());
            }
          } else if (s.kind() == Subject.Kind.GROUP && !s.name().startsWith("system:")) {
            gs.add(s.name());
          }
        }
      }
      users.addAll(us);
      groups.addAll(gs);
      for (K8sObject sa : inventory.ofKind("ServiceAccount")) {
        serviceAccounts.add(new String[] {sa.namespace(), sa.name()});
      }
      for (K8sObject ns : inventory.ofKind("Namespace")) {
        namespaces.add(ns.name());
      }
      if (users.isEmpty() || groups.isEmpty() || serviceAccounts.isEmpty()) {
        throw new IllegalStateException("the policy needs users, groups and service accounts");
      }
    }

    /** Indices of the can-i queries made for one kind of identity. */
    int[] ofKind(String kind) {
      return kinds.getOrDefault(kind, List.of()).stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code n} can-i queries, a third each for users alone, users with one to three groups, and
     * service accounts; mostly in a namespace where the identity is bound (or its own, for a
     * service account), else in any namespace or cluster-wide.
     */
    void canI(int n, List<Identity> who, List<Request> what) {
      for (int i = 0; i < n; i++) {
        String kind;
        Identity id;
        String home;
        switch (i % 3) {
          case 0 -> {
            String u = any(users);
            kind = "user";
            id = Identity.user(u);
            home = homeOf(u);
          }
          case 1 -> {
            String u = any(users);
            String[] gs = new String[1 + rnd.nextInt(3)];
            for (int k = 0; k < gs.length; k++) {
              gs[k] = any(groups);
            }
            kind = "member";
            id = Identity.user(u, gs);
            home = homeOf(u);
          }
          default -> {
            String[] sa = serviceAccounts.get(rnd.nextInt(serviceAccounts.size()));
            kind = "serviceaccount";
            id = Identity.serviceAccount(sa[0], sa[1]);
            home = sa[0];
          }
        }
        int roll = rnd.nextInt(10);
        String ns = roll < 6 ? home : roll < 9 ? any(namespaces) : "";
        kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(who.size());
        who.add(id);
        what.add(request(ns));
      }
    }

    private String homeOf(String user) {
      List<String> nss = userNamespaces.get(user);
      return nss == null ? any(namespaces) : any(nss);
    }

    /** Half from a list of everyday and sensitive requests, half from a rule someone holds. */
    private Request request(String ns) {
      int roll = rnd.nextInt(20);
      if (roll == 0) {
        return Request.nonResource("get", any(URLS));
      }
      ResourceRequest r;
      if (roll < 10) {
        String[] c = COMMON[rnd.nextInt(COMMON.length)];
        r = Request.resource(c[0], c[1], c[2]);
      } else {
        r = fromRule();
      }
      if (rnd.nextInt(8) == 0 && r.verb().equals("get")) {
        r = r.named("app-" + rnd.nextInt(50));
      }
      return r.in(ns);
    }

    /** A request matching one verb, group and resource of a rule that some binding grants. */
    private ResourceRequest fromRule() {
      for (int tries = 0; tries < 20; tries++) {
        Binding b = index.bindings().get(rnd.nextInt(index.bindings().size()));
        List<PolicyRule> rules =
            b.roleRef().isClusterRole()
                ? index.effectiveRules(b.roleRef().name())
                : index.role(b.namespace(), b.roleRef().name()).map(Role::rules).orElse(List.of());
        if (rules.isEmpty()) {
          continue;
        }
        PolicyRule rule = rules.get(rnd.nextInt(rules.size()));
        if (rule.resources().isEmpty()) {
          continue;
        }
        String verb = concrete(rule.verbs(), "get");
        String group = concrete(rule.apiGroups(), "");
        String resource = concrete(rule.resources(), "pods");
        if (resource.startsWith("*/")) {
          resource = "deployments" + resource.substring(1);
        }
        return Request.resource(verb, group, resource);
      }
      return Request.resource("get", "", "pods");
    }

    private String concrete(List<String> values, String instead) {
      String v = values.isEmpty() ? instead : values.get(rnd.nextInt(values.size()));
      return v.equals(PolicyRule.ALL) ? instead : v;
    }

    /** {@code per} who-can requests of each category, in a stable category order. */
    Map<String, List<Request>> whoCan(int per) {
      List<String> tenants = namespaces.stream().filter(n -> !PLATFORM.contains(n)).toList();
      Map<String, List<Request>> out = new LinkedHashMap<>();
      out.put("common, namespaced", new ArrayList<>());
      out.put("rare, namespaced", new ArrayList<>());
      out.put("common, cluster-wide", new ArrayList<>());
      out.put("rare, cluster-wide", new ArrayList<>());
      out.put("non-resource", new ArrayList<>());
      for (int i = 0; i < per; i++) {
        String[] c = COMMON_WHO[rnd.nextInt(COMMON_WHO.length)];
        String[] r = RARE_WHO[rnd.nextInt(RARE_WHO.length)];
        String ns = rnd.nextInt(10) == 0 ? any(PLATFORM) : any(tenants);
        out.get("common, namespaced").add(Request.resource(c[0], c[1], c[2]).in(ns));
        out.get("rare, namespaced")
            .add(Request.resource(r[0], r[1], r[2]).in(rnd.nextBoolean() ? "kube-system" : ns));
        out.get("common, cluster-wide").add(Request.resource(c[0], c[1], c[2]));
        String[] cw = CLUSTER_WHO[rnd.nextInt(CLUSTER_WHO.length)];
        out.get("rare, cluster-wide").add(Request.resource(cw[0], cw[1], cw[2]));
        out.get("non-resource").add(Request.nonResource("get", any(URLS)));
      }
      return out;
    }

    private <T> T any(List<T> values) {
      return values.get(rnd.nextInt(values.size()));
    }

    private String any(String[] values) {
      return values[rnd.nextInt(values.length)];
    }
  }

  private static final List<String> PLATFORM =
      List.of("kube-system", "kube-public", "default", "monitoring", "argocd", "gitlab-runner");

  private static final String[] URLS = {"/healthz", "/metrics", "/api", "/version", "/logs/x"};

  /**
   * verb, API group, resource: what people and workloads ask every day, and some they should not.
   */
  private static final String[][] COMMON = {
    {"get", "", "pods"},
    {"list", "", "pods"},
    {"watch", "", "pods"},
    {"get", "", "pods/log"},
    {"delete", "", "pods"},
    {"get", "", "configmaps"},
    {"update", "", "configmaps"},
    {"get", "", "secrets"},
    {"list", "", "secrets"},
    {"list", "", "services"},
    {"create", "apps", "deployments"},
    {"patch", "apps", "deployments"},
    {"patch", "apps", "deployments/scale"},
    {"create", "batch", "jobs"},
    {"get", "coordination.k8s.io", "leases"},
    {"update", "coordination.k8s.io", "leases"},
    {"create", "", "events"},
    {"create", "", "pods/exec"},
    {"create", "", "pods/portforward"},
    {"create", "", "serviceaccounts/token"},
    {"create", "rbac.authorization.k8s.io", "rolebindings"},
    {"list", "cert-manager.io", "certificates"},
    {"get", "argoproj.io", "applications"},
    {"list", "checkout.acme.io", "widgets"},
  };

  private static final String[][] COMMON_WHO = {
    {"get", "", "pods"},
    {"list", "", "pods"},
    {"get", "", "configmaps"},
    {"list", "", "secrets"},
    {"get", "", "secrets"},
    {"create", "apps", "deployments"},
    {"delete", "", "pods"},
    {"watch", "", "services"},
  };

  private static final String[][] RARE_WHO = {
    {"create", "", "pods/exec"},
    {"get", "", "pods/attach"},
    {"patch", "", "pods/ephemeralcontainers"},
    {"impersonate", "", "serviceaccounts"},
    {"escalate", "rbac.authorization.k8s.io", "roles"},
    {"bind", "rbac.authorization.k8s.io", "roles"},
    {"create", "", "serviceaccounts/token"},
    {"deletecollection", "", "secrets"},
    {"update", "policy", "poddisruptionbudgets"},
    {"create", "tekton.dev", "taskruns"},
  };

  private static final String[][] CLUSTER_WHO = {
    {"list", "", "nodes"},
    {"get", "", "nodes/proxy"},
    {"list", "", "namespaces"},
    {"create", "rbac.authorization.k8s.io", "clusterrolebindings"},
    {"escalate", "rbac.authorization.k8s.io", "clusterroles"},
    {"impersonate", "", "users"},
    {"impersonate", "", "groups"},
    {"create", "", "persistentvolumes"},
    {"update", "admissionregistration.k8s.io", "mutatingwebhookconfigurations"},
    {"create", "certificates.k8s.io", "certificatesigningrequests"},
    {"list", "apiextensions.k8s.io", "customresourcedefinitions"},
  };

  // --- measuring -------------------------------------------------------------------------------

  private static Scanner.Loaded load(String file) {
    Scanner.Loaded loaded =
        Scanner.load(List.of(file), InputStream.nullInputStream(), Limits.DEFAULT);
    if (!loaded.problems().isEmpty()) {
      throw new IllegalStateException("input problems: " + loaded.problems().subList(0, 1));
    }
    return loaded;
  }

  private static void describe(Inventory inventory) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (K8sObject o : inventory.objects()) {
      kinds.merge(o.kind(), 1, Integer::sum);
    }
    System.out.printf(Locale.ROOT, "objects: %,d %s%n", inventory.size(), kinds);
  }

  /**
   * Times {@code work} on a value {@code prepare} makes just before, untimed, for each of the
   * warm-up and measured runs; seconds of each measured run.
   */
  private static <T> double[] time(
      int warmup, int runs, java.util.function.Supplier<T> prepare, Function<T, ?> work) {
    int sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += work.apply(prepare.get()).hashCode();
    }
    double[] out = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      T input = prepare.get();
      System.gc();
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      sink += work.apply(input).hashCode();
      out[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (cpuNanos() - c0) / 1e9;
    }
    System.out.printf(
        Locale.ROOT,
        "  process CPU per run: median %.3f s (all threads, GC included)%n",
        median(cpu));
    if (sink == 42) {
      System.out.print("");
    }
    return out;
  }

  private static double[] time(int warmup, int runs, java.util.function.IntSupplier work) {
    return time(warmup, runs, () -> null, x -> work.getAsInt());
  }

  /**
   * Runs queries {@code 0..n-1} once, {@code warmup} more times, then {@code runs} measured passes
   * timing each query; reports the measured passes, and the first when there are warm-up passes (it
   * is then the cold one). {@code size} tells what an answer held (-1 for a denial), for the
   * summary.
   */
  private static <T> void latency(
      String what,
      int warmup,
      int runs,
      int n,
      java.util.function.IntFunction<T> query,
      java.util.function.ToIntFunction<T> size) {
    if (n == 0) {
      return;
    }
    long[] cold = new long[n];
    long sizes = 0;
    int answered = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      T answer = query.apply(i);
      cold[i] = System.nanoTime() - t0;
      int s = size.applyAsInt(answer);
      if (s >= 0) {
        answered++;
        sizes += s;
      }
    }
    for (int w = 0; w < warmup; w++) {
      for (int i = 0; i < n; i++) {
        query.apply(i);
      }
    }
    long[] all = new long[n * runs];
    long[] threadCpu = new long[n * runs];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.gc();
    long c0 = cpuNanos();
    long t0 = System.nanoTime();
    for (int r = 0; r < runs; r++) {
      for (int i = 0; i < n; i++) {
        // the thread's CPU clock brackets the wall clock, so its cost is not in the wall figure
        long tc0 = threads.getCurrentThreadCpuTime();
        long q0 = System.nanoTime();
        query.apply(i);
        all[r * n + i] = System.nanoTime() - q0;
        threadCpu[r * n + i] = threads.getCurrentThreadCpuTime() - tc0;
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - c0) / 1e9;
    Arrays.sort(cold);
    Arrays.sort(all);
    Arrays.sort(threadCpu);
    String first =
        warmup == 0
            ? ""
            : String.format(
                Locale.ROOT,
                " (first pass: median %s, p99 %s, max %s)",
                micros(percentile(cold, 50)),
                micros(percentile(cold, 99)),
                micros(cold[n - 1]));
    System.out.printf(
        Locale.ROOT,
        "%s: %,d queries x %d passes: median %s, p99 %s, max %s%s; %.0f%% %s, %.1f on average;"
            + " %.2f s wall, %.2f s CPU%n",
        what,
        n,
        runs,
        micros(percentile(all, 50)),
        micros(percentile(all, 99)),
        micros(all[all.length - 1]),
        first,
        100.0 * answered / n,
        what.startsWith("who-can") ? "non-empty" : "allowed",
        answered == 0 ? 0.0 : (double) sizes / answered,
        wall,
        cpu);
    System.out.printf(
        Locale.ROOT,
        "  query thread's CPU time (not waiting for a core): median %s, p99 %s, max %s%n",
        micros(percentile(threadCpu, 50)),
        micros(percentile(threadCpu, 99)),
        micros(threadCpu[threadCpu.length - 1]));
  }

  private static String micros(long nanos) {
    return nanos >= 1_000_000
        ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }

  private static long percentile(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void report(String what, double[] seconds, String rate) {
    System.out.printf(
        Locale.ROOT,
        "%s: median %.3f s (min %.3f, max %.3f, %d runs)%s%n",
        what,
        median(seconds),
        min(seconds),
        max(seconds),
        seconds.length,
        rate.isEmpty() ? "" : " = " + rate);
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
