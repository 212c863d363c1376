import { createDevApp } from '@backstage/dev-utils';
import { netsealPlugin, NetsealPage } from '../src';

// `yarn start` in this folder serves the plugin alone against a backend on :7007.
createDevApp()
  .registerPlugin(netsealPlugin)
  .addPage({ element: <NetsealPage />, title: 'Netseal', path: '/netseal' })
  .render();
