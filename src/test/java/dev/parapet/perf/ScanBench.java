package dev.parapet.perf;

import dev.parapet.check.ScanResult;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Measures, on one input, in this order: the bare snakeyaml-engine event parser on one core (the
 * reference speed), parse-only ({@link Scanner#load}: read, parse with positions, build the
 * inventory), full scan ({@code Scanner.load} then {@link Scanner#check} with every built-in check)
 * and the heap retained by the loaded inventory.
 *
 * <p>Timings are wall clock of whole runs after warm-up runs, reported as the median and the spread
 * of the measured runs; the machine is shared, so medians matter more than minima. Retained heap is
 * the used heap after full collections with the result held, minus the same without it
 * (MemoryMXBean after repeated {@code System.gc()}, which collects fully under G1 and Parallel GC).
 *
 * <pre>
 * java ... dev.parapet.perf.ScanBench [--runs 5] [--warmup 2] [--only raw,parse,scan,heap] FILE...
 * </pre>
 */
public final class ScanBench {
  private ScanBench() {}

  public static void main(String[] args) throws IOException {
    int runs = 5;
    int warmup = 2;
    List<String> only = List.of("raw", "parse", "scan", "heap");
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--only" -> only = Arrays.asList(args[++i].split(","));
        default -> files.add(args[i]);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("name the input files");
    }
    long bytes = 0;
    for (String f : files) {
      bytes += Files.size(Path.of(f));
    }
    double mb = bytes / 1e6;
    System.out.printf(
        Locale.ROOT,
        "input: %s (%.1f MB), %d cores, max heap %d MiB, %s%n",
        files,
        mb,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getVmName()
            + " "
            + System.getProperty("java.version"));

    if (only.contains("raw")) {
      String text = Files.readString(Path.of(files.get(0)), StandardCharsets.UTF_8);
      double[] t = time(Math.max(1, warmup / 2), Math.max(3, runs / 2), () -> rawEvents(text));
      report("raw events, 1 core, " + files.get(0), t, text.length() / 1e6);
    }
    double parseMedian = 0;
    if (only.contains("parse")) {
      double[] t = time(warmup, runs, () -> load(files).inventory().size());
      report("parse-only (Scanner.load)", t, mb);
      parseMedian = median(t);
    }
    if (only.contains("scan")) {
      int[] findings = new int[1];
      double[] t =
          time(
              warmup,
              runs,
              () -> {
                Scanner.Loaded loaded = load(files);
                ScanResult r = Scanner.check(loaded, Scanner.Options.defaults(), files, "bench");
                findings[0] = r.findings().size();
                return r.objects();
              });
      report("full scan (load + check)", t, mb);
      System.out.printf(Locale.ROOT, "  findings: %,d%n", findings[0]);
      if (parseMedian > 0) {
        System.out.printf(
            Locale.ROOT, "  full scan / parse-only: %.2fx%n", median(t) / parseMedian);
      }
    }
    if (only.contains("heap")) {
      long before = usedAfterGc();
      Scanner.Loaded loaded = load(files);
      long after = usedAfterGc();
      System.out.printf(
          Locale.ROOT,
          "retained heap of the loaded inventory (%,d objects): %,d MiB%n",
          loaded.inventory().size(),
          (after - before) >> 20);
      Reference.reachabilityFence(loaded);
    }
  }

  private static Scanner.Loaded load(List<String> files) {
    Scanner.Loaded loaded = Scanner.load(files, InputStream.nullInputStream(), Limits.DEFAULT);
    if (!loaded.problems().isEmpty()) {
      throw new IllegalStateException("input problems: " + loaded.problems().subList(0, 1));
    }
    return loaded;
  }

  private static int rawEvents(String text) {
    LoadSettings settings = LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build();
    ParserImpl parser =
        new ParserImpl(settings, new StreamReader(settings, new StringReader(text)));
    int n = 0;
    while (parser.hasNext()) {
      parser.next();
      n++;
    }
    return n;
  }

  /** Seconds of each measured run. */
  private static double[] time(int warmup, int runs, Work work) {
    int sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += work.run();
    }
    double[] out = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      System.gc();
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      sink += work.run();
      out[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (cpuNanos() - c0) / 1e9;
    }
    System.out.printf(
        Locale.ROOT,
        "  process CPU per run: median %.2f s (all threads, GC included)%n",
        median(cpu));
    if (sink == 42) {
      System.out.print("");
    }
    return out;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private interface Work {
    int run();
  }

  private static void report(String what, double[] seconds, double mb) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double med = median(seconds);
    System.out.printf(
        Locale.ROOT,
        "%s: median %.2f s (min %.2f, max %.2f, %d runs) = %.1f MB/s%n",
        what,
        med,
        sorted[0],
        sorted[sorted.length - 1],
        seconds.length,
        mb / med);
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
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
