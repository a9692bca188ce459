/**
 * @trottoir/forecasting-domain: the forecasting models, pure (no NestJS, Kafka or SQL). PV from the
 * solar model × a forecast clear-sky index × each segment's learned performance ratio, street-light
 * load from the sun and the commune's policy, EV load from hour-of-week statistics, all as quantiles.
 */
export {};
