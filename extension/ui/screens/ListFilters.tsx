/**
 * The menus above the key list: environment, status, health, and the order. Filters and order are sent
 * to the worker with every list request (list-rows.ts), which is where rows are filtered and sorted.
 */
import type { ListSort } from '../../messages/list-protocol.js';
import { useUi } from '../store.js';

export function ListFilters() {
  const { environments, filters, setFilters, sort, setSort } = useUi();
  return (
    <div className="row filters">
      <select aria-label="Environment" value={filters.environment} onChange={(e) => setFilters({ environment: e.target.value })}>
        <option value="">All environments</option>
        {environments.map((env) => (
          <option key={env} value={env}>
            {env}
          </option>
        ))}
      </select>
      <select aria-label="Status" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as typeof filters.status })}>
        <option value="">Any status</option>
        <option value="active">Active</option>
        <option value="revoked">Revoked</option>
      </select>
      <select aria-label="Health" value={filters.health} onChange={(e) => setFilters({ health: e.target.value as typeof filters.health })}>
        <option value="">Any health</option>
        <option value="attention">Needs attention</option>
        <option value="overdue">Overdue</option>
        <option value="expiring">Expiring</option>
        <option value="expired">Expired</option>
        <option value="duplicate">Duplicate</option>
        <option value="healthy">Healthy</option>
      </select>
      {/* Under "Needs attention" the default order is worst first (a to-do list), and says so. */}
      <select aria-label="Sort" className="sort" value={sort} onChange={(e) => setSort(e.target.value as ListSort)}>
        <option value="name">{filters.health === 'attention' ? 'Worst first' : 'Sort by name'}</option>
        <option value="changed">Recently changed first</option>
        <option value="provider">Sort by provider</option>
        <option value="expiring">Expiring soonest first</option>
      </select>
    </div>
  );
}
