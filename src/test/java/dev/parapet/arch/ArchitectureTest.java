package dev.parapet.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the package table of DESIGN.md true: data flows down, engines stay apart. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.parapet");

  @Test
  void layersOnlyUseWhatIsBelowThem() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("source")
        .definedBy("dev.parapet.source..")
        .layer("model")
        .definedBy("dev.parapet.model..")
        .layer("check")
        .definedBy("dev.parapet.check..")
        .layer("pss")
        .definedBy("dev.parapet.pss..")
        .layer("rbac")
        .definedBy("dev.parapet.rbac..")
        .layer("workload")
        .definedBy("dev.parapet.workload..")
        .layer("netpol")
        .definedBy("dev.parapet.netpol..")
        .layer("bench")
        .definedBy("dev.parapet.bench..")
        .layer("graph")
        .definedBy("dev.parapet.graph..")
        .layer("scan")
        .definedBy("dev.parapet.scan..")
        .layer("threat")
        .definedBy("dev.parapet.threat..")
        .layer("report")
        .definedBy("dev.parapet.report..")
        .layer("fix")
        .definedBy("dev.parapet.fix..")
        .layer("cli")
        .definedBy("dev.parapet.cli..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("report")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("fix")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("threat")
        .mayOnlyBeAccessedByLayers("report", "cli")
        .whereLayer("scan")
        .mayOnlyBeAccessedByLayers("threat", "report", "cli")
        .whereLayer("pss")
        .mayOnlyBeAccessedByLayers("graph", "scan", "threat", "report", "cli")
        .whereLayer("rbac")
        .mayOnlyBeAccessedByLayers("graph", "scan", "threat", "report", "cli")
        .whereLayer("workload")
        .mayOnlyBeAccessedByLayers("graph", "scan", "threat", "report", "cli")
        .whereLayer("netpol")
        .mayOnlyBeAccessedByLayers("graph", "scan", "threat", "report", "cli")
        .whereLayer("bench")
        .mayOnlyBeAccessedByLayers("graph", "scan", "threat", "report", "cli")
        .whereLayer("graph")
        .mayOnlyBeAccessedByLayers("scan", "threat", "report", "cli")
        .whereLayer("check")
        .mayOnlyBeAccessedByLayers(
            "pss",
            "rbac",
            "workload",
            "netpol",
            "bench",
            "graph",
            "scan",
            "threat",
            "report",
            "fix",
            "cli")
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers(
            "check",
            "pss",
            "rbac",
            "workload",
            "netpol",
            "bench",
            "graph",
            "scan",
            "threat",
            "report",
            "fix",
            "cli")
        .whereLayer("source")
        .mayOnlyBeAccessedByLayers(
            "model",
            "check",
            "pss",
            "rbac",
            "workload",
            "netpol",
            "bench",
            "graph",
            "scan",
            "threat",
            "report",
            "fix",
            "cli")
        .check(CLASSES);
  }

  @Test
  void onlyTheCliPrintsOrExits() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.parapet.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .check(CLASSES);
  }
}
