package io.hutong.deploy.server;

import java.util.List;

/**
 * The local-development identities of realm {@code hutong} (ARCHITECTURE.md), with their
 * LOCAL-DEVELOPMENT credentials. Department systems use client credentials; people use the public
 * client {@code hutong-cli} with the password grant.
 */
public record LocalIdentity(String name, String department, String role, boolean system) {

  public static final String CIVIL_AFFAIRS = "civil-affairs";
  public static final String PUBLIC_SECURITY = "public-security";
  public static final String HUMAN_RESOURCES = "human-resources";
  public static final String MARKET_REGULATION = "market-regulation";

  /** Department of the two platform people, who belong to no data-owning department. */
  public static final String OPERATIONS = "hutong-operations";

  public static final LocalIdentity CIVIL_AFFAIRS_SYSTEM = system(CIVIL_AFFAIRS);
  public static final LocalIdentity PUBLIC_SECURITY_SYSTEM = system(PUBLIC_SECURITY);
  public static final LocalIdentity HUMAN_RESOURCES_SYSTEM = system(HUMAN_RESOURCES);
  public static final LocalIdentity MARKET_REGULATION_SYSTEM = system(MARKET_REGULATION);
  public static final LocalIdentity CIVIL_AFFAIRS_ADMIN = dataAdmin(CIVIL_AFFAIRS);
  public static final LocalIdentity PUBLIC_SECURITY_ADMIN = dataAdmin(PUBLIC_SECURITY);
  public static final LocalIdentity HUMAN_RESOURCES_ADMIN = dataAdmin(HUMAN_RESOURCES);
  public static final LocalIdentity AUDITOR =
      new LocalIdentity("auditor", OPERATIONS, "auditor", false);
  public static final LocalIdentity PLATFORM_ADMIN =
      new LocalIdentity("platform-admin", OPERATIONS, "platform-admin", false);

  public static List<LocalIdentity> all() {
    return List.of(
        CIVIL_AFFAIRS_SYSTEM,
        PUBLIC_SECURITY_SYSTEM,
        HUMAN_RESOURCES_SYSTEM,
        MARKET_REGULATION_SYSTEM,
        CIVIL_AFFAIRS_ADMIN,
        PUBLIC_SECURITY_ADMIN,
        HUMAN_RESOURCES_ADMIN,
        AUDITOR,
        PLATFORM_ADMIN);
  }

  private static LocalIdentity system(String department) {
    return new LocalIdentity(department + "-system", department, "department-system", true);
  }

  private static LocalIdentity dataAdmin(String department) {
    return new LocalIdentity(department + "-admin", department, "data-admin", false);
  }

  /** LOCAL-DEVELOPMENT secret ({@code <client>-secret}) or password ({@code <user>-pass}). */
  public String credential() {
    return system ? name + "-secret" : name + "-pass";
  }

  /** The form body of a token request at Keycloak's token endpoint. */
  public String tokenRequestBody() {
    return system
        ? "grant_type=client_credentials&client_id=" + name + "&client_secret=" + credential()
        : "grant_type=password&client_id=hutong-cli&username=" + name + "&password=" + credential();
  }
}
