package io.hutong.gateway.routing;

import java.util.Comparator;
import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/**
 * The healthy instances of a service, always in the order of their instance ids. The health check
 * lists them in the order their checks answered, which changes from one round to the next; round
 * robin over a list whose order changes can send two calls in a row to the same instance, so one
 * client's consecutive calls (two event streams opened one after the other, say) would not spread.
 */
final class InstancesInOrder extends DelegatingServiceInstanceListSupplier {

  private static final Comparator<ServiceInstance> BY_ID =
      Comparator.comparing(ServiceInstance::getInstanceId, Comparator.nullsLast(String::compareTo));

  InstancesInOrder(ServiceInstanceListSupplier delegate) {
    super(delegate);
  }

  @Override
  public Flux<List<ServiceInstance>> get() {
    return delegate.get().map(instances -> instances.stream().sorted(BY_ID).toList());
  }
}
