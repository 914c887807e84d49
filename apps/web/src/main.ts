import { DefaultApolloClient } from '@vue/apollo-composable';
import { createApp } from 'vue';
import App from './App.vue';
import { createCumulusApollo, SUBSCRIPTIONS } from './apollo';
import { createCumulusRouter } from './router';
import './styles.css';

const apollo = createCumulusApollo();
createApp(App)
  .provide(DefaultApolloClient, apollo.client)
  .provide(SUBSCRIPTIONS, apollo.subscriptions)
  .use(createCumulusRouter(apollo.client))
  .mount('#app');
