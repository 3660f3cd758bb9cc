package io.hutong.deploy.process;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Builds {@code java} command lines for child JVMs, using the JDK the launcher runs on. */
public final class JavaCommand {

  private JavaCommand() {}

  /** The {@code java} binary of the running JVM. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The running JVM's home, exported as JAVA_HOME to children such as {@code kc.sh}. */
  public static String javaHome() {
    return System.getProperty("java.home");
  }

  /** {@code java <jvmArgs> -cp <this JVM's classpath> <mainClass> <args>}. */
  public static List<String> withCurrentClasspath(
      List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(absoluteClasspath());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * This JVM's classpath with every entry made absolute: children run in their own working
   * directories, where relative entries would point nowhere.
   */
  static String absoluteClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(JavaCommand::absolute)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String absolute(String entry) {
    if (entry.endsWith("*")) {
      String dir = entry.substring(0, entry.length() - 1);
      return Path.of(dir.isEmpty() ? "." : dir).toAbsolutePath() + File.separator + "*";
    }
    return Path.of(entry).toAbsolutePath().toString();
  }
}
