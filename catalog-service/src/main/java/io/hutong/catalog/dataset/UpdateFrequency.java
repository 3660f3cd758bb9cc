package io.hutong.catalog.dataset;

/** How often the provider updates a dataset; DCAT's accrual periodicity. */
public enum UpdateFrequency {
  REALTIME("http://purl.org/cld/freq/continuous"),
  HOURLY("http://purl.org/cld/freq/hourly"),
  DAILY("http://purl.org/cld/freq/daily"),
  WEEKLY("http://purl.org/cld/freq/weekly"),
  MONTHLY("http://purl.org/cld/freq/monthly"),
  QUARTERLY("http://purl.org/cld/freq/quarterly"),
  YEARLY("http://purl.org/cld/freq/annual"),
  ON_CHANGE("http://purl.org/cld/freq/irregular");

  private final String dublinCoreFrequency;

  UpdateFrequency(String dublinCoreFrequency) {
    this.dublinCoreFrequency = dublinCoreFrequency;
  }

  /** The Dublin Core Collection frequency term, for DCAT. */
  public String dublinCoreFrequency() {
    return dublinCoreFrequency;
  }
}
