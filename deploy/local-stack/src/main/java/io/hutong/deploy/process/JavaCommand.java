package io.hutong.deploy.process;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** The path separator of this platform, for classpaths. */
  public static String pathSeparator() {
    return File.pathSeparator;
  }
}
