package io.hutong.service.web;

import io.hutong.service.ServiceProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The web half of every Hutong service's platform wiring: request ids first, then the request-size
 * limit, one problem advice, a problem-shaped {@code /error} and Tomcat error report, the
 * firewall's refusals as problems, and the JSON input guard. Each bean steps aside for one the
 * service declares itself.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceProperties.class)
public class ServiceWebAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  FilterRegistrationBean<RequestIds> requestIds() {
    FilterRegistrationBean<RequestIds> registration =
        new FilterRegistrationBean<>(new RequestIds());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  @ConditionalOnMissingBean
  FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(ServiceProperties properties) {
    FilterRegistrationBean<RequestSizeLimit> registration =
        new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize().toBytes()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  @ConditionalOnMissingBean
  ProblemAdvice problemAdvice() {
    return new ProblemAdvice();
  }

  @Bean
  @ConditionalOnMissingBean(ErrorController.class)
  ProblemErrorController problemErrorController() {
    return new ProblemErrorController();
  }

  @Bean
  TomcatContextCustomizer problemErrorReportValve() {
    return ProblemErrorReportValve.installer();
  }

  @Bean
  @ConditionalOnMissingBean
  RequestRejectedHandler firewallProblems() {
    return new Firewall();
  }

  @Bean
  @ConditionalOnMissingBean
  io.hutong.service.identity.MeController meController() {
    return new io.hutong.service.identity.MeController();
  }

  @Bean
  JsonInputGuard jsonInputGuard() {
    return new JsonInputGuard();
  }
}
