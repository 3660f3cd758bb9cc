package io.hutong.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The web console for the people who run the exchange — data administrators, auditors, platform
 * administrators. It renders pages on the server and calls the platform's API through the gateway
 * with the signed-in person's own token, so the console itself decides nothing the API would not.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ConsoleApplication.class, args);
  }
}
