package dev.parapet.perf;

import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.graph.Paths;
import dev.parapet.graph.Remediation;
import dev.parapet.model.Inventory;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures the attack graph on one cluster dump (see {@link ClusterGenerator}), in one JVM: the
 * heap the graph holds on top of the inventory; the time to build it ({@link AttackGraphs#of} on a
 * fresh {@link Inventory} of the same objects each run, so nothing the engines memoise per
 * inventory is reused); the time to find the shortest path from every entry point to every crown
 * jewel and node ({@link Paths#shortest}); and the minimum cut ({@link Remediation#minimumCut}).
 * Median, min and max of the measured runs after warm-up runs.
 *
 * <pre>
 * java ... dev.parapet.perf.GraphBench [--runs 3] [--warmup 1] FILE
 * </pre>
 */
public final class GraphBench {
  private GraphBench() {}

  public static void main(String[] args) {
    int runs = 3;
    int warmup = 1;
    String file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> file = args[i];
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("name the input file");
    }
    try {
      System.out.printf(
          Locale.ROOT,
          "input: %s (%.1f MB), %d cores, max heap %d MiB, %s %s%n",
          file,
          Files.size(Path.of(file)) / 1e6,
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20,
          ManagementFactory.getRuntimeMXBean().getVmName(),
          System.getProperty("java.version"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    Scanner.Loaded loaded =
        Scanner.load(List.of(file), InputStream.nullInputStream(), Limits.DEFAULT);
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    long withInventory = usedAfterGc();
    AttackGraph held = AttackGraphs.of(loaded.inventory());
    long withGraph = usedAfterGc();
    Map<String, Integer> techniques = new TreeMap<>();
    for (Edge e : held.edges()) {
      techniques.merge(e.technique(), 1, Integer::sum);
    }
    System.out.printf(
        Locale.ROOT,
        "load %.1f s; %,d objects; retained heap: inventory %,d MiB, graph (and what the engines"
            + " memoise) on top %,d MiB; %,d vertices, %,d edges%n  edges by technique: %s%n",
        loadSeconds,
        loaded.inventory().objects().size(),
        (withInventory - before) >> 20,
        (withGraph - withInventory) >> 20,
        held.vertices().size(),
        held.edges().size(),
        techniques);
    List<String> entries = new ArrayList<>(Paths.ENTRIES.values());
    double[] build = new double[runs];
    double[] paths = new double[runs];
    double[] cut = new double[runs];
    int found = 0;
    for (int i = -warmup; i < runs; i++) {
      Inventory fresh = Inventory.of(loaded.inventory().objects());
      System.gc();
      long b0 = System.nanoTime();
      AttackGraph g = AttackGraphs.of(fresh);
      long b1 = System.nanoTime();
      List<AttackPath> p = Paths.shortest(g, entries, Paths::isTarget);
      long b2 = System.nanoTime();
      Remediation.Cut c = Remediation.minimumCut(g, entries, Paths::isTarget);
      long b3 = System.nanoTime();
      found = p.size();
      Reference.reachabilityFence(c);
      if (i >= 0) {
        build[i] = (b1 - b0) / 1e9;
        paths[i] = (b2 - b1) / 1e9;
        cut[i] = (b3 - b2) / 1e9;
      }
    }
    report("build graph", build);
    report("all shortest paths (" + found + ")", paths);
    report("minimum cut", cut);
    Reference.reachabilityFence(held);
  }

  private static void report(String what, double[] seconds) {
    double[] s = seconds.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "%-32s median %.2f s (min %.2f, max %.2f)%n",
        what,
        s[s.length / 2],
        s[0],
        s[s.length - 1]);
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
