import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import {
  compareDriftStatus,
  isDriftStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { FormEvent, useEffect, useState } from 'react';
import { DRIFT_STATUSES_WORST_FIRST } from '../DriftStatusChip';
import { FilterField } from '../FilterField';
import type { FleetFilters } from './fleetQuery';

/**
 * The fleet table's filters. Choices apply at once; typed text (namespace, search)
 * applies on Enter or Apply, so each keystroke does not query the server.
 */
export function FleetFiltersForm(props: {
  filters: FleetFilters;
  clusters: string[];
  onChange: (filters: FleetFilters) => void;
}) {
  const { filters, clusters, onChange } = props;
  const [namespace, setNamespace] = useState(filters.namespace);
  const [search, setSearch] = useState(filters.search);
  useEffect(() => {
    setNamespace(filters.namespace);
    setSearch(filters.search);
  }, [filters.namespace, filters.search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filters, namespace, search });
  };

  return (
    <Box
      component="form"
      onSubmit={submit}
      display="flex"
      flexWrap="wrap"
      alignItems="flex-end"
      mb={2}
      style={{ gap: 16 }}
      aria-label="Filter the fleet's policies"
    >
      <FilterField
        select
        id="netseal-fleet-cluster"
        label="Cluster"
        value={filters.cluster}
        SelectProps={{ displayEmpty: true }}
        onChange={event =>
          onChange({ ...filters, cluster: event.target.value })
        }
        style={{ minWidth: 180 }}
      >
        <MenuItem value="">All clusters</MenuItem>
        {clusters.map(name => (
          <MenuItem key={name} value={name}>
            {name}
          </MenuItem>
        ))}
      </FilterField>
      <FilterField
        select
        id="netseal-fleet-status"
        label="Status"
        value={filters.statuses}
        SelectProps={{
          multiple: true,
          renderValue: selected =>
            Array.isArray(selected) && selected.length > 0
              ? selected
                  .filter(isDriftStatus)
                  .sort(compareDriftStatus)
                  .join(', ')
              : 'All statuses',
          displayEmpty: true,
        }}
        onChange={event => {
          const value: unknown = event.target.value;
          onChange({
            ...filters,
            statuses: Array.isArray(value) ? value.filter(isDriftStatus) : [],
          });
        }}
        style={{ minWidth: 280 }}
      >
        {DRIFT_STATUSES_WORST_FIRST.map(status => (
          <MenuItem key={status} value={status}>
            <Checkbox checked={filters.statuses.includes(status)} />
            <ListItemText primary={status} />
          </MenuItem>
        ))}
      </FilterField>
      <FilterField
        id="netseal-fleet-namespace"
        label="Namespace"
        value={namespace}
        onChange={event => setNamespace(event.target.value)}
      />
      <FilterField
        id="netseal-fleet-search"
        label="Search entity or policy"
        value={search}
        onChange={event => setSearch(event.target.value)}
        style={{ minWidth: 240 }}
      />
      <Button type="submit" variant="outlined">
        Apply
      </Button>
    </Box>
  );
}
