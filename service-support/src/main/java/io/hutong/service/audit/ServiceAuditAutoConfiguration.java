package io.hutong.service.audit;

import io.hutong.service.ServiceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Call contexts and the audit pipeline: one {@link AuditTrail} over the service's {@link AuditSink}
 * (a Kafka producer unless the service declares its own, as the catalogue does with its outbox),
 * and the MVC wiring that gives every {@code /api/**} call its {@link CallContext}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceProperties.class)
public class ServiceAuditAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  AuditSink kafkaAuditSink(
      KafkaProperties kafka, ServiceProperties service, ObjectProvider<MeterRegistry> registry) {
    return new KafkaAuditSink(kafka.buildProducerProperties(), service, registry.getIfAvailable());
  }

  @Bean
  @ConditionalOnMissingBean
  AuditTrail auditTrail(AuditSink sink, ServiceProperties service, ObjectProvider<Clock> clock) {
    return new AuditTrail(sink, service.name(), clock.getObject());
  }

  @Bean
  @ConditionalOnMissingBean
  CallContexts callContexts(AuditTrail audit) {
    return new CallContexts(audit);
  }

  @Bean
  WebMvcConfigurer callContextWiring(CallContexts calls) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(calls).addPathPatterns("/api/**");
      }

      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(calls);
      }
    };
  }
}
