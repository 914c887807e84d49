// Client routes; the API answers unknown paths with index.html so these work on reload.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'reviews', component: () => import('./pages/ReviewListPage.vue') },
  { path: '/reviews/:id', name: 'review', component: () => import('./pages/ReviewPage.vue'), props: true },
  { path: '/outcomes/:id', name: 'outcome', component: () => import('./pages/OutcomePage.vue'), props: true },
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
];

export function createCumulusRouter() {
  return createRouter({ history: createWebHistory(), routes });
}
