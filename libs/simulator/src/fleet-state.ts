/**
 * The simulated fleet's state: per segment its PV array and tile losses, its random stream, EV
 * connectors, battery, meter registers and setpoint schedule; for the city its weather, cloud field,
 * location (for the sun) and lighting policy. `createFleetState` builds it from registry segments.
 */
import { SegmentKind } from '@trottoir/contracts';
import type { Segment, SegmentSetpoint } from '@trottoir/contracts';
import { createTileLosses } from '@trottoir/solar';
import type { GeoLocation, PvArray, SegmentKind as TileKind, TileLosses } from '@trottoir/solar';

import type { BatteryState } from './battery';
import { CityWeather } from './city-weather';
import { boundingBoxOf, CloudField } from './cloud-field';
import type { GridPosition } from './cloud-field';
import type { ConnectorState } from './ev-charging';
import { DEFAULT_LIGHTING_POLICY, hashSeed, localTimeOf, Prng } from '@trottoir/kernel';
import type { LightingPolicy } from '@trottoir/kernel';

export interface SegmentSimState {
  readonly segment: Segment;
  readonly pvArray: PvArray;
  readonly losses: TileLosses;
  readonly random: Prng;
  readonly connectors: ConnectorState[];
  readonly battery?: BatteryState;
  readonly cloudPosition: GridPosition;
  importWh: number;
  exportWh: number;
  /** Setpoints from dispatch, sorted by ts (see setpoints.ts). */
  setpoints: SegmentSetpoint[];
}

export interface FleetState {
  readonly seed: number;
  readonly segments: SegmentSimState[];
  readonly byId: ReadonlyMap<string, SegmentSimState>;
  readonly weather: CityWeather;
  readonly clouds: CloudField;
  /** Where the sun is computed for the whole city (the centre of its bounding box). */
  readonly location: GeoLocation;
  /** pvlib's `perez_enhancement` for the city's clear sky (FleetOptions.perezEnhancement). */
  readonly perezEnhancement: boolean;
  readonly timeZone: string;
  readonly policy: LightingPolicy;
}

export interface FleetOptions {
  seed: number;
  /** IANA time zone of the city, for lighting policy and EV habits (default Europe/Paris). */
  timeZone?: string;
  /** The commune's lighting policy (default: the Lyon-style DEFAULT_LIGHTING_POLICY in `timeZone`). */
  lightingPolicy?: LightingPolicy;
  /** Elevation of the city, m (default 170, Lyon). */
  elevationM?: number;
  /** Cloud-field samples per side (default 16). */
  cloudGridSize?: number;
  /** Perez enhancement of the Ineichen clear sky, as in `@trottoir/solar` (default false, pvlib's default). */
  perezEnhancement?: boolean;
}

export class UnknownTimeZoneError extends Error {
  override readonly name = 'UnknownTimeZoneError';
  constructor(readonly timeZone: string) {
    super(`unknown time zone "${timeZone}" (expected an IANA name such as Europe/Paris)`);
  }
}

const TILE_KINDS: Record<SegmentKind, TileKind> = {
  [SegmentKind.UNSPECIFIED]: 'urban-street',
  [SegmentKind.URBAN_STREET]: 'urban-street',
  [SegmentKind.RURAL_ROAD]: 'rural-road',
  [SegmentKind.CAR_PARK]: 'car-park',
};

export function createFleetState(segments: readonly Segment[], options: FleetOptions): FleetState {
  const timeZone = options.timeZone ?? 'Europe/Paris';
  try {
    localTimeOf(0, timeZone);
  } catch {
    throw new UnknownTimeZoneError(timeZone);
  }
  const seed = options.seed >>> 0;
  const bbox = boundingBoxOf(segments.map((segment) => ({ latDeg: segment.location?.latDeg ?? 0, lonDeg: segment.location?.lonDeg ?? 0 })));
  const location: GeoLocation = {
    latitudeDeg: (bbox.minLatDeg + bbox.maxLatDeg) / 2,
    longitudeDeg: (bbox.minLonDeg + bbox.maxLonDeg) / 2,
    elevationM: options.elevationM ?? 170,
  };
  const weather = new CityWeather({ seed, latitudeDeg: location.latitudeDeg, longitudeDeg: location.longitudeDeg });
  const clouds = new CloudField({ seed, bbox, weather, gridSize: options.cloudGridSize });
  const states = segments.map((segment) => segmentState(segment, seed, clouds));
  return {
    seed,
    segments: states,
    byId: new Map(states.map((state) => [state.segment.segmentId, state])),
    weather,
    clouds,
    location,
    perezEnhancement: options.perezEnhancement ?? false,
    timeZone,
    policy: options.lightingPolicy ?? { ...DEFAULT_LIGHTING_POLICY, timeZone },
  };
}

function segmentState(segment: Segment, seed: number, clouds: CloudField): SegmentSimState {
  const segmentSeed = hashSeed(seed, 'segment', segment.segmentId);
  const random = new Prng(segmentSeed);
  const pv = segment.pv;
  const canopy = (pv?.tiltDeg ?? 0) > 0;
  const battery = segment.battery;
  return {
    segment,
    pvArray: {
      peakPowerW: pv?.peakPowerW ?? 0,
      tiltDeg: pv?.tiltDeg ?? 0,
      azimuthDeg: pv?.azimuthDeg ?? 180,
      inverterLimitW: pv?.inverterLimitW ?? 0,
      // Tiles in the pavement have no back ventilation; canopies over car parks do.
      mounting: canopy ? 'open-rack' : 'insulated-back',
    },
    losses: createTileLosses(TILE_KINDS[segment.kind], segmentSeed),
    random,
    connectors: segment.evConnectors.map((connector) => ({ connector })),
    battery: battery ? { socPct: battery.socMinPct + (battery.socMaxPct - battery.socMinPct) * random.between(0.3, 0.7) } : undefined,
    cloudPosition: clouds.position(segment.location?.latDeg ?? 0, segment.location?.lonDeg ?? 0),
    importWh: 0,
    exportWh: 0,
    setpoints: [],
  };
}
