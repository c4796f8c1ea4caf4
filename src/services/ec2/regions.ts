// ec2:DescribeRegions and ec2:DescribeAvailabilityZones, for SDKs and tools that ask before they launch
// (the regions and zones of network.ts). Opt-in regions are listed only with AllRegions, as
// `not-opted-in`; zones are those of the request's region.
import { operation } from '../service.js';
import { Ec2Errors } from './errors.js';
import { compileFilters, type FilterField } from './listing.js';
import { regionEndpoint, regions, zones } from './network.js';
import type {
  AvailabilityZone,
  DescribeAvailabilityZonesRequest,
  DescribeAvailabilityZonesResult,
  DescribeRegionsRequest,
  DescribeRegionsResult,
  Region,
} from './shapes.js';

const REGION_FILTERS: Readonly<Record<string, FilterField<Region>>> = {
  endpoint: (r) => r.Endpoint,
  'region-name': (r) => r.RegionName,
  'opt-in-status': (r) => r.OptInStatus,
};

export const describeRegions = (serverRegion: string) =>
  operation<DescribeRegionsRequest, DescribeRegionsResult>({
    action: 'ec2:DescribeRegions',
    access: () => [{ action: 'ec2:DescribeRegions', resources: ['*'] }],
    handler: (input) => {
      const match = compileFilters(input.Filters, REGION_FILTERS);
      if (input.DryRun) throw Ec2Errors.dryRun();
      const all = regions(serverRegion).map((r) => ({
        RegionName: r.name,
        Endpoint: regionEndpoint(r.name),
        OptInStatus: r.optIn ? 'not-opted-in' : 'opt-in-not-required',
      }));
      for (const name of input.RegionNames ?? [])
        if (!all.some((r) => r.RegionName === name)) throw Ec2Errors.unknownRegion(name);
      const wanted =
        input.RegionNames && input.RegionNames.length > 0 ? new Set(input.RegionNames) : undefined;
      return {
        Regions: all.filter(
          (r) =>
            (wanted ? wanted.has(r.RegionName) : input.AllRegions || r.OptInStatus !== 'not-opted-in') &&
            match(r),
        ),
      };
    },
  });

const ZONE_FILTERS: Readonly<Record<string, FilterField<AvailabilityZone>>> = {
  'zone-name': (z) => z.ZoneName,
  'zone-id': (z) => z.ZoneId,
  'region-name': (z) => z.RegionName,
  state: (z) => z.State,
  'group-name': (z) => z.GroupName,
  'zone-type': (z) => z.ZoneType,
  'opt-in-status': (z) => z.OptInStatus,
  'network-border-group': (z) => z.NetworkBorderGroup,
};

export const describeAvailabilityZones = () =>
  operation<DescribeAvailabilityZonesRequest, DescribeAvailabilityZonesResult>({
    action: 'ec2:DescribeAvailabilityZones',
    access: () => [{ action: 'ec2:DescribeAvailabilityZones', resources: ['*'] }],
    handler: (input, ctx) => {
      const match = compileFilters(input.Filters, ZONE_FILTERS);
      if (input.DryRun) throw Ec2Errors.dryRun();
      const all: AvailabilityZone[] = zones(ctx.region).map((z) => ({
        OptInStatus: 'opt-in-not-required',
        Messages: [],
        RegionName: ctx.region,
        ZoneName: z.name,
        ZoneId: z.id,
        GroupName: ctx.region,
        NetworkBorderGroup: ctx.region,
        ZoneType: 'availability-zone',
        State: 'available',
      }));
      for (const name of input.ZoneNames ?? [])
        if (!all.some((z) => z.ZoneName === name)) throw Ec2Errors.unknownAvailabilityZone(name);
      for (const id of input.ZoneIds ?? [])
        if (!all.some((z) => z.ZoneId === id)) throw Ec2Errors.unknownAvailabilityZone(id);
      const names = new Set(input.ZoneNames ?? []);
      const ids = new Set(input.ZoneIds ?? []);
      return {
        AvailabilityZones: all.filter(
          (z) =>
            (names.size === 0 && ids.size === 0 ? true : names.has(z.ZoneName!) || ids.has(z.ZoneId!)) &&
            match(z),
        ),
      };
    },
  });
