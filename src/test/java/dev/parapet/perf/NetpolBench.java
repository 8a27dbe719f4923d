package dev.parapet.perf;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.netpol.Connectivity;
import dev.parapet.netpol.IpRange;
import dev.parapet.netpol.Peer;
import dev.parapet.netpol.PodGroup;
import dev.parapet.netpol.PortSet;
import dev.parapet.report.NetpolRenderer;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Measures the connectivity engine on one cluster dump (see {@link NetpolGenerator}), in one JVM,
 * in this order:
 *
 * <ol>
 *   <li><b>heap</b>: used heap after full collections with the loaded inventory held, then with its
 *       {@link Connectivity} too, then with the full matrix ({@link Connectivity#connections()})
 *       too, each minus the step before;
 *   <li><b>load</b>: {@link Scanner#load} of the file, for context;
 *   <li><b>build</b>: {@link Connectivity#of} on a fresh {@link Inventory} of the same objects each
 *       run ({@code Connectivity.of} keeps one engine per inventory); the fresh inventory is made
 *       outside the timed part;
 *   <li><b>matrix</b>: {@link Connectivity#connections()}, every allowed connection between every
 *       ordered pair of workloads and between workloads and external address ranges, on a fresh
 *       engine each run (engine build not timed);
 *   <li><b>render</b>: the matrix written by {@link NetpolRenderer} as a table, JSON, CSV and DOT
 *       to a sink that only counts characters; the output size is printed;
 *   <li><b>pair</b>: {@link Connectivity#allowed}, then {@link Connectivity#explain} on every port,
 *       for seeded random pairs (workload to workload, workload to external range, external range
 *       to workload), latency of each query.
 * </ol>
 *
 * <p>Whole-run timings are median, min and max of the measured runs after warm-up runs, with
 * process CPU time; query latencies median, 99th percentile and maximum, with the query thread's
 * CPU time.
 *
 * <pre>
 * java ... dev.parapet.perf.NetpolBench [--runs 5] [--warmup 2] [--queries 20000] [--seed 7]
 *     [--only heap,load,build,matrix,render,pair] FILE
 * </pre>
 */
public final class NetpolBench {
  private NetpolBench() {}

  public static void main(String[] args) throws IOException {
    int runs = 5;
    int warmup = 2;
    int queries = 20_000;
    long seed = 7;
    List<String> only = List.of("heap", "load", "build", "matrix", "render", "pair");
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
      Connectivity held = Connectivity.of(loaded.inventory());
      long withEngine = usedAfterGc();
      List<Connectivity.Connection> matrix = held.connections();
      long withMatrix = usedAfterGc();
      System.out.printf(
          Locale.ROOT,
          "retained heap: inventory %,d MiB, engine on top %,d MiB, matrix (%,d connections) on"
              + " top %,d MiB%n",
          (withInventory - before) >> 20,
          (withEngine - withInventory) >> 20,
          matrix.size(),
          (withMatrix - withEngine) >> 20);
      Reference.reachabilityFence(held);
      Reference.reachabilityFence(matrix);
    } else {
      loaded = load(file);
    }
    Inventory inventory = loaded.inventory();
    describe(inventory);
    Connectivity engine = Connectivity.of(inventory);
    Set<Map<String, String>> labelSets = new HashSet<>();
    engine.groups().forEach(g -> labelSets.add(g.labels()));
    System.out.printf(
        Locale.ROOT,
        "  %,d pod groups (%,d distinct label sets) in %,d namespaces, %,d policies, %,d external"
            + " sources, %,d external destinations, %d policy problems%n",
        engine.groups().size(),
        labelSets.size(),
        engine.namespaces().size(),
        engine.policies().size(),
        engine.externalSources().size(),
        engine.externalDestinations().size(),
        engine.problems().size());

    List<K8sObject> objects = inventory.objects();
    if (only.contains("load")) {
      double[] t = time(warmup, runs, () -> null, x -> load(file).inventory().size());
      report(
          "load (Scanner.load: read, parse, inventory)",
          t,
          String.format(Locale.ROOT, "%.1f MB/s", mb / median(t)));
    }

    if (only.contains("build")) {
      double[] t = time(warmup, runs, () -> Inventory.of(objects), Connectivity::of);
      report("engine build (Connectivity.of, fresh inventory)", t, "");
    }

    List<Connectivity.Connection> matrix = engine.connections();
    if (only.contains("matrix")) {
      double[] t =
          time(
              warmup,
              runs,
              () -> Connectivity.of(Inventory.of(objects)),
              c -> c.connections().size());
      report("full matrix (Connectivity.connections, fresh engine)", t, "");
    }
    summarize(engine, matrix);

    if (only.contains("render")) {
      for (String format : List.of("table", "json", "csv", "dot")) {
        long[] size = new long[1];
        double[] t =
            time(
                warmup,
                runs,
                () -> null,
                x -> {
                  Counter c = new Counter();
                  render(format, engine, matrix, c);
                  size[0] = c.chars;
                  return c.chars;
                });
        report("render " + format, t, String.format(Locale.ROOT, "%,d characters", size[0]));
      }
    }

    if (only.contains("pair")) {
      Random rnd = new Random(seed);
      List<PodGroup> groups = engine.groups();
      List<IpRange> out = engine.externalDestinations();
      List<IpRange> in = engine.externalSources();
      Peer[] src = new Peer[queries];
      Peer[] dst = new Peer[queries];
      for (int i = 0; i < queries; i++) {
        int roll = rnd.nextInt(10);
        if (roll < 8 || out.isEmpty() || in.isEmpty()) {
          src[i] = groups.get(rnd.nextInt(groups.size()));
          dst[i] = groups.get(rnd.nextInt(groups.size()));
        } else if (roll == 8) {
          src[i] = groups.get(rnd.nextInt(groups.size()));
          dst[i] = out.get(rnd.nextInt(out.size()));
        } else {
          src[i] = in.get(rnd.nextInt(in.size()));
          dst[i] = groups.get(rnd.nextInt(groups.size()));
        }
      }
      latency(
          "pair (Connectivity.allowed)",
          warmup,
          runs,
          queries,
          i -> engine.allowed(src[i], dst[i]),
          p -> p.isEmpty() ? -1 : 1);
      // what `parapet netpol explain` computes after loading: every deciding policy, rule and peer
      latency(
          "explain (Connectivity.explain, every port)",
          warmup,
          runs,
          queries,
          i -> engine.explain(src[i], dst[i], PortSet.ALL),
          e -> e.allowed().isEmpty() ? -1 : 1);
    }
  }

  static void render(
      String format, Connectivity engine, List<Connectivity.Connection> matrix, Appendable out) {
    try {
      switch (format) {
        case "json" -> NetpolRenderer.json(matrix, out);
        case "csv" -> NetpolRenderer.csv(matrix, out);
        case "dot" -> NetpolRenderer.dot(engine.groups(), matrix, out);
        default -> NetpolRenderer.table(matrix, out);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void summarize(Connectivity engine, List<Connectivity.Connection> matrix) {
    long internal = 0;
    long all = 0;
    for (Connectivity.Connection c : matrix) {
      if (c.src() instanceof PodGroup && c.dst() instanceof PodGroup) {
        internal++;
      }
      if (c.ports().isAll()) {
        all++;
      }
    }
    long n = engine.groups().size();
    System.out.printf(
        Locale.ROOT,
        "  matrix: %,d connections, %,d between workloads (of %,d ordered pairs, %.1f%%), %,d on"
            + " every port%n",
        matrix.size(),
        internal,
        n * (n - 1),
        100.0 * internal / Math.max(1, n * (n - 1)),
        all);
  }

  /** An Appendable that only counts. */
  private static final class Counter implements Appendable {
    long chars;

    @Override
    public Appendable append(CharSequence csq) {
      chars += csq.length();
      return this;
    }

    @Override
    public Appendable append(CharSequence csq, int start, int end) {
      chars += end - start;
      return this;
    }

    @Override
    public Appendable append(char c) {
      chars++;
      return this;
    }
  }

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
  private static <T> double[] time(int warmup, int runs, Supplier<T> prepare, Function<T, ?> work) {
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

  /**
   * Runs queries {@code 0..n-1} once (the cold pass), {@code warmup} more times, then {@code runs}
   * measured passes timing each query.
   */
  private static <T> void latency(
      String what,
      int warmup,
      int runs,
      int n,
      java.util.function.IntFunction<T> query,
      java.util.function.ToIntFunction<T> size) {
    long[] cold = new long[n];
    int answered = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      T answer = query.apply(i);
      cold[i] = System.nanoTime() - t0;
      if (size.applyAsInt(answer) >= 0) {
        answered++;
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
    for (int r = 0; r < runs; r++) {
      for (int i = 0; i < n; i++) {
        long tc0 = threads.getCurrentThreadCpuTime();
        long q0 = System.nanoTime();
        query.apply(i);
        all[r * n + i] = System.nanoTime() - q0;
        threadCpu[r * n + i] = threads.getCurrentThreadCpuTime() - tc0;
      }
    }
    Arrays.sort(cold);
    Arrays.sort(all);
    Arrays.sort(threadCpu);
    System.out.printf(
        Locale.ROOT,
        "%s: %,d queries x %d passes: median %s, p99 %s, max %s (first pass: median %s, p99 %s,"
            + " max %s); %.0f%% allowed%n",
        what,
        n,
        runs,
        micros(percentile(all, 50)),
        micros(percentile(all, 99)),
        micros(all[all.length - 1]),
        micros(percentile(cold, 50)),
        micros(percentile(cold, 99)),
        micros(cold[n - 1]),
        100.0 * answered / n);
    System.out.printf(
        Locale.ROOT,
        "  query thread's CPU time: median %s, p99 %s, max %s%n",
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
