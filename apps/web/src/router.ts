// Client routes; the API answers unknown paths with index.html so these work on reload.
import type { ApolloClient } from '@apollo/client/core';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { prefetchOutcome } from './composables/prefetch-outcome';
import { useSession } from './composables/use-session';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'reviews', component: () => import('./pages/ReviewListPage.vue') },
  { path: '/reviews/:id/summary-of-findings', name: 'summary-of-findings', component: () => import('./pages/SummaryOfFindingsPage.vue'), props: true },
  { path: '/reviews/:id/screening', name: 'screening', component: () => import('./pages/ScreeningPage.vue'), props: true },
  { path: '/reviews/:id/searches', name: 'searches', component: () => import('./pages/SearchesPage.vue'), props: true },
  { path: '/reviews/:id/extraction', name: 'extraction', component: () => import('./pages/ExtractionPage.vue'), props: true },
  { path: '/reviews/:id/registry', name: 'registry', component: () => import('./pages/RegistryPage.vue'), props: true },
  { path: '/reviews/:id', name: 'review', component: () => import('./pages/ReviewPage.vue'), props: true },
  { path: '/outcomes/:id', name: 'outcome', component: () => import('./pages/OutcomePage.vue'), props: true },
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue') },
  { path: '/tokens', name: 'tokens', component: () => import('./pages/TokensPage.vue') },
  { path: '/sign-up', name: 'sign-up', component: () => import('./pages/SignUpPage.vue') },
  { path: '/confirm-email', name: 'confirm-email', component: () => import('./pages/ConfirmEmailPage.vue') },
  { path: '/reset-password', name: 'reset-password', component: () => import('./pages/ResetPasswordPage.vue') },
  { path: '/profile', name: 'profile', component: () => import('./pages/ProfilePage.vue') },
  { path: '/reviews/:id/team', name: 'team', component: () => import('./pages/TeamPage.vue'), props: true },
  { path: '/invitations/accept', name: 'accept-invitation', component: () => import('./pages/AcceptInvitationPage.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
];

/** With a client, entering an outcome starts its query while the page's code loads. */
export function createCumulusRouter(client?: ApolloClient<unknown>) {
  const router = createRouter({ history: createWebHistory(), routes });
  if (client) {
    router.beforeEach((to) => {
      if (to.name === 'outcome' && typeof to.params.id === 'string') prefetchOutcome(client, to.params.id);
      if ((to.name === 'review' || to.name === 'screening' || to.name === 'searches' || to.name === 'extraction') && typeof to.params.id === 'string') void useSession().enterReview(client, to.params.id);
      if (to.name === 'registry' && typeof to.params.id === 'string') void useSession().enterReview(client, to.params.id);
    });
  }
  return router;
}
