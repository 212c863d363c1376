import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  DRIFT_STATUSES,
  isDriftStatus,
} from '@netseal/backstage-plugin-netseal-common';
import { FormEvent, useEffect, useState } from 'react';
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
      <TextField
        select
        id="netseal-fleet-cluster"
        label="Cluster"
        value={filters.cluster}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
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
      </TextField>
      <TextField
        select
        id="netseal-fleet-status"
        label="Status"
        value={filters.statuses}
        SelectProps={{
          multiple: true,
          renderValue: selected =>
            Array.isArray(selected) && selected.length > 0
              ? selected.join(', ')
              : 'All statuses',
          displayEmpty: true,
        }}
        InputLabelProps={{ shrink: true }}
        onChange={event => {
          const value: unknown = event.target.value;
          onChange({
            ...filters,
            statuses: Array.isArray(value) ? value.filter(isDriftStatus) : [],
          });
        }}
        style={{ minWidth: 280 }}
      >
        {DRIFT_STATUSES.map(status => (
          <MenuItem key={status} value={status}>
            <Checkbox checked={filters.statuses.includes(status)} />
            <ListItemText primary={status} />
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="netseal-fleet-namespace"
        label="Namespace"
        value={namespace}
        onChange={event => setNamespace(event.target.value)}
      />
      <TextField
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
