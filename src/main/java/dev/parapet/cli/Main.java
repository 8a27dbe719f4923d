package dev.parapet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parapet} command: wiring only. */
@Command(
    name = "parapet",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Kubernetes threat modelling and hardening: finds what breaks pod security, why it"
          + " matters and how to fix it, with the exact file and line."
    },
    subcommands = {
      ScanCommand.class,
      PssCommand.class,
      FixCommand.class,
      RbacCommand.class,
      NetpolCommand.class,
      BenchCommand.class,
      GraphCommand.class,
      PathsCommand.class,
      ThreatModelCommand.class,
      ChecksCommand.class,
      ExplainCommand.class,
      CompletionCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet scan examples/insecure-cluster",
      "  helm template my-chart | parapet scan -",
      "  kubectl get -A -o yaml pods,deployments,namespaces | parapet scan - -o sarif > parapet.sarif",
      "  parapet pss manifests/ --level restricted",
      "  parapet fix manifests/ --out fixed/",
      "  parapet rbac who-can get secrets -n kube-system -f cluster-dump.yaml",
      "  parapet netpol matrix k8s/ -n shop",
      "  parapet bench /etc/kubernetes/manifests",
      "  source <(parapet generate-completion)",
      "",
      "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal"
          + " error."
    })
public final class Main implements Runnable {
  public static final int EXIT_FINDINGS = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INTERNAL = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(
        execute(
            args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in));
  }

  /** Runs the CLI with the given streams and returns the exit code; used by main and by tests. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, InputStream in) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    CommandLine cl = commandLine(in);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UsageException) {
            commandLine.getErr().println("parapet: " + ex.getMessage());
            return EXIT_USAGE;
          }
          if (debug) {
            ex.printStackTrace(commandLine.getErr());
          } else {
            commandLine
                .getErr()
                .println(
                    "parapet: internal error: "
                        + ex
                        + " (run with --debug for the stack trace, and please report it)");
          }
          return EXIT_INTERNAL;
        });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      err.println(
          "parapet: out of memory; give the JVM more heap (PARAPET_JAVA_OPTS=-Xmx8g) or lower"
              + " --max-file-size and --max-document-size");
      err.flush();
      return EXIT_INTERNAL;
    } catch (StackOverflowError e) {
      if (debug) {
        e.printStackTrace(err);
      }
      err.println("parapet: internal error: stack overflow (please report it with the input)");
      err.flush();
      return EXIT_INTERNAL;
    }
  }

  static CommandLine commandLine(InputStream in) {
    CommandLine cl = new CommandLine(new Main(), new Factory(in));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpAutoWidth(true);
    return cl;
  }

  /** Gives commands the standard input the CLI was started with. */
  static final class Factory implements CommandLine.IFactory {
    private final InputStream in;

    Factory(InputStream in) {
      this.in = in;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == ScanCommand.class) {
        return cls.cast(new ScanCommand(in));
      }
      if (cls == PssCommand.class) {
        return cls.cast(new PssCommand(in));
      }
      if (cls == FixCommand.class) {
        return cls.cast(new FixCommand(in));
      }
      if (cls == RbacCommand.CanI.class) {
        return cls.cast(new RbacCommand.CanI(in));
      }
      if (cls == RbacCommand.WhoCan.class) {
        return cls.cast(new RbacCommand.WhoCan(in));
      }
      if (cls == RbacCommand.Show.class) {
        return cls.cast(new RbacCommand.Show(in));
      }
      if (cls == RbacCommand.EscalationsCommand.class) {
        return cls.cast(new RbacCommand.EscalationsCommand(in));
      }
      if (cls == NetpolCommand.Matrix.class) {
        return cls.cast(new NetpolCommand.Matrix(in));
      }
      if (cls == NetpolCommand.ExposureReport.class) {
        return cls.cast(new NetpolCommand.ExposureReport(in));
      }
      if (cls == NetpolExplainCommand.class) {
        return cls.cast(new NetpolExplainCommand(in));
      }
      if (cls == BenchCommand.class) {
        return cls.cast(new BenchCommand(in));
      }
      if (cls == GraphCommand.class) {
        return cls.cast(new GraphCommand(in));
      }
      if (cls == PathsCommand.class) {
        return cls.cast(new PathsCommand(in));
      }
      if (cls == ThreatModelCommand.class) {
        return cls.cast(new ThreatModelCommand(in));
      }
      if (cls == NetpolCommand.Generate.class) {
        return cls.cast(new NetpolCommand.Generate(in));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** A usage error found after parsing (bad option value): exit 2 with a one-line message. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Reads the version Maven wrote into the jar. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"parapet " + version()};
    }
  }

  public static String version() {
    try (InputStream s = Main.class.getResourceAsStream("/dev/parapet/version.properties")) {
      if (s == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(s);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
